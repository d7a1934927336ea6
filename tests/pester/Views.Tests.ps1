#Requires -Version 7.0
<#
    The default views of every AwsPatch output type, rendered in real pwsh against the staged module (out/AwsPatch/,
    built by ./build.ps1 -Task Build) at 80 and 120 columns: each table fits, shows every header whole on one line,
    keeps the columns that matter (SsmPingStatus), and every time reads yyyy-MM-dd HH:mm'Z' (UTC) in tables and lists.
    The objects are built by hand with realistic worst-case values, so no sandbox is needed.

    Run: dotnet pwsh -NoProfile -Command "Import-Module ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1; Invoke-Pester tests/pester/Views.Tests.ps1 -Output Detailed"
#>

BeforeDiscovery {
    $typeNames = @(
        'PatchInstance', 'PatchFinding', 'PatchPriority', 'PatchSnapshot', 'PatchRunResult', 'PatchRun',
        'PatchRestoreResult', 'PatchCompliance', 'PatchComplianceSummary', 'PatchComplianceCount', 'PatchMissing',
        'PatchPrioritySummary'
    )
    $cases = foreach ($name in $typeNames) { foreach ($width in 80, 120) { @{ Name = $name; Width = $width } } }
}

BeforeAll {
    Import-Module -Name (Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1') -Force -ErrorAction Stop
    $PSStyle.OutputRendering = 'PlainText'

    $time = [datetime]::new(2025, 6, 1, 13, 45, 30, [DateTimeKind]::Utc)
    $runId = 'run-20250601T134530Z-0a1b2c'
    $tags = [System.Collections.Generic.Dictionary[string, string]]::new()
    $tags['Name'] = 'web-eu-prod-01'
    $tags['Environment'] = 'production'
    $count = [AwsPatch.PatchComplianceCount]@{ GroupBy = 'PatchGroup'; Name = 'windows-staging'; Total = 120; Compliant = 100; NonCompliant = 15; PendingReboot = 3; Stale = 1; NotScanned = 1 }
    $script:samples = @{
        PatchInstance          = @(
            [AwsPatch.PatchInstance]@{ InstanceId = 'i-0123456789abcdef0'; Name = 'web-eu-prod-01'; Platform = 'Windows'; State = 'running'; Environment = 'production'; PatchGroup = 'windows-staging'; IsManaged = $true; SsmPingStatus = 'ConnectionLost'; LastPingTime = $time; LaunchTime = $time; InstanceType = 'm5.xlarge'; Region = 'ap-southeast-2'; Tags = $tags }
            [AwsPatch.PatchInstance]@{ InstanceId = 'i-0fedcba9876543210'; Name = 'bastion-01'; Platform = 'Linux'; State = 'stopped'; IsManaged = $false; Region = 'us-east-1' }
        )
        PatchFinding           = [AwsPatch.PatchFinding]@{ FindingArn = 'arn:aws:inspector2:us-east-1:123456789012:finding/0123456789abcdef0123456789abcdef'; InstanceId = 'i-0123456789abcdef0'; ResourceId = 'i-0123456789abcdef0'; ResourceType = 'AWS_EC2_INSTANCE'; Region = 'us-east-1'; Severity = 'Critical'; InspectorScore = 9.8; EpssScore = 0.97; ExploitAvailable = $true; FixAvailable = 'YES'; VulnerabilityId = 'CVE-2024-1234567'; Title = 'CVE-2024-1234567 - openssl'; PackageName = 'openssl-libs'; InstalledVersion = '1:3.0.7-24.el9'; FixedInVersion = '1:3.0.7-27.el9'; FirstObservedAt = $time; LastObservedAt = $time; Status = 'ACTIVE' }
        PatchPriority          = [AwsPatch.PatchPriority]@{ Rank = 100; InstanceId = 'i-0123456789abcdef0'; RiskScore = 1234.5; CriticalCount = 12; HighCount = 34; MediumCount = 56; LowCount = 7; ExploitAvailableCount = 99; Environment = 'production'; TopVulnerabilityIds = [string[]]('CVE-2024-1234567', 'CVE-2023-44487', 'CVE-2021-4034') ; Region = 'us-east-1' }
        PatchSnapshot          = [AwsPatch.PatchSnapshot]@{ InstanceId = 'i-0123456789abcdef0'; RunId = $runId; SnapshotIds = [string[]]('snap-0123456789abcdef0', 'snap-0123456789abcdef1'); VolumeIds = [string[]]('vol-0123456789abcdef0', 'vol-0123456789abcdef1'); RootSnapshotId = 'snap-0123456789abcdef0'; State = 'completed'; Progress = 100; StartTime = $time; CompletedTime = $time; Region = 'us-east-1' }
        PatchRunResult         = [AwsPatch.PatchRunResult]@{ RunId = $runId; CommandId = '0123abcd-4567-89ef-0123-456789abcdef'; InstanceId = 'i-0123456789abcdef0'; Operation = 'Install'; Status = 'Undeliverable'; StatusDetails = 'ExecutionTimedOut'; RequestedAt = $time; StartedAt = $time; CompletedAt = $time; Region = 'us-east-1'; IsComplete = $true }
        PatchRun               = [AwsPatch.PatchRun]@{ RunId = $runId; Operation = 'Install'; Status = 'InProgress'; InstanceCount = 250; CompletedCount = 200; ErrorCount = 12; CommandIds = [string[]]('0123abcd-4567-89ef-0123-456789abcdef'); RequestedAt = $time; Region = 'us-east-1' }
        PatchRestoreResult     = [AwsPatch.PatchRestoreResult]@{ InstanceId = 'i-0123456789abcdef0'; RunId = $runId; SnapshotId = 'snap-0123456789abcdef0'; TaskId = 'replacevol-0123456789abcdef0'; State = 'in-progress'; StartTime = $time; CompleteTime = $time; Region = 'us-east-1' }
        PatchCompliance        = [AwsPatch.PatchCompliance]@{ InstanceId = 'i-0123456789abcdef0'; PatchGroup = 'windows-staging'; Environment = 'production'; Operation = 'Install'; OperationStartTime = $time; OperationEndTime = $time; MissingCount = 123; FailedCount = 45; CriticalNonCompliantCount = 6; ComplianceState = 'PendingReboot'; Region = 'us-east-1' }
        PatchComplianceSummary = [AwsPatch.PatchComplianceSummary]@{ Total = 12345; Compliant = 12000; NonCompliant = 300; PendingReboot = 25; Stale = 10; NotScanned = 10; ByPatchGroup = [AwsPatch.PatchComplianceCount[]]@($count); Region = 'ap-southeast-2' }
        PatchComplianceCount   = $count
        PatchPrioritySummary   = @(
            [AwsPatch.PatchPrioritySummary]@{ AccountId = '210987654321'; Region = 'ap-southeast-2'; InstanceCount = 12345; CriticalCount = 123456; HighCount = 99; MaxRiskScore = 1234.5; TopInstanceId = 'i-0123456789abcdef0'; TopRank = 1 }
            [AwsPatch.PatchPrioritySummary]@{ Region = 'us-east-1'; InstanceCount = 3; CriticalCount = 0; MaxRiskScore = 7.25; TopInstanceId = 'i-0fedcba9876543210'; TopRank = 2 }
        )
        PatchMissing           = [AwsPatch.PatchMissing]@{ InstanceId = 'i-0123456789abcdef0'; Title = '2025-06 Cumulative Update for Windows Server 2022 (KB5060526)'; KBId = 'KB5060526'; Classification = 'SecurityUpdates'; Severity = 'Critical'; State = 'Missing'; InstalledTime = $time; Region = 'us-east-1' }
    }

    function Get-TableLabel([string] $TypeName) {
        $view = (Get-FormatData -TypeName "AwsPatch.$TypeName" -PowerShellVersion $PSVersionTable.PSVersion).FormatViewDefinition |
            Where-Object { $_.Control -is [System.Management.Automation.TableControl] }
        @($view.Control.Headers.Label)
    }
}

AfterAll {
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
}

Describe 'The default table of <Name> at <Width> columns' -ForEach $cases {
    BeforeAll {
        $lines = @(($samples[$Name] | Out-String -Width $Width) -split '\r?\n')
        $rule = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l.TrimStart().StartsWith('---') })
    }

    It 'is a table' {
        $rule | Should -BeGreaterThan 0
    }

    It 'fits' {
        $lines | Where-Object { $_.Length -gt $Width } | Should -BeNullOrEmpty
    }

    It 'shows every header whole on one line' {
        $lines[$rule - 2].Trim() | Should -BeNullOrEmpty -Because 'a header that wraps takes more than one line'
        $words = $lines[$rule - 1] -split ' +' | Where-Object { $_ }
        foreach ($label in Get-TableLabel $Name) {
            $words | Should -Contain $label
        }
    }

    It 'writes times as yyyy-MM-dd HH:mm''Z''' {
        $text = $lines -join "`n"
        $text | Should -Not -Match '\d{1,2}/\d{1,2}/\d{4}'
        $text | Should -Not -Match '13:45:30'
        if ($samples[$Name] | Get-Member -MemberType Property | Where-Object Definition -Match 'datetime') {
            if ((Get-FormatData -TypeName "AwsPatch.$Name").FormatViewDefinition.Control.Rows.Columns.DisplayEntry.Value -match 'HH:mm') {
                $text | Should -Match '2025-06-01 13:45Z'
            }
        }
    }
}

Describe 'The default table of <Name> in a wide console' -ForEach ($typeNames | ForEach-Object { @{ Name = $_ } }) {
    It 'is no wider than at 120 columns (no column stretches to the window edge)' {
        $wide = @(($samples[$Name] | Out-String -Width 250) -split '\r?\n' | ForEach-Object { $_.TrimEnd().Length })
        $narrow = @(($samples[$Name] | Out-String -Width 120) -split '\r?\n' | ForEach-Object { $_.TrimEnd().Length })
        ($wide | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual ($narrow | Measure-Object -Maximum).Maximum
    }
}

Describe 'The instance table keeps what matters at 80 columns' {
    It 'shows the agent state of managed and unmanaged instances' {
        $text = $samples.PatchInstance | Out-String -Width 80
        $text | Should -Match 'SsmPingStatus'
        $text | Should -Match 'ConnectionLost'
        $text | Should -Match '\(not managed\)'
        $text | Should -Match 'windows-staging'
    }
}

Describe 'The list view of <Name>' -ForEach ($typeNames | ForEach-Object { @{ Name = $_ } }) {
    BeforeAll {
        $text = $samples[$Name] | Select-Object -First 1 | Format-List | Out-String -Width 120
    }

    It 'shows every property' {
        foreach ($property in ($samples[$Name] | Select-Object -First 1).PSObject.Properties.Name) {
            $text | Should -Match "(?m)^$property\s+:"
        }
    }

    It 'writes every time as yyyy-MM-dd HH:mm''Z''' {
        $text | Should -Not -Match '\d{1,2}/\d{1,2}/\d{4}'
        $text | Should -Not -Match '13:45:30'
        if (($samples[$Name] | Select-Object -First 1).PSObject.Properties | Where-Object TypeNameOfValue -Match 'DateTime') {
            $text | Should -Match '2025-06-01 13:45Z'
        }
    }
}

Describe 'Snapshot sets' {
    It 'show their completion time in the table' {
        $samples.PatchSnapshot | Out-String -Width 80 | Should -Match 'CompletedTime[\s\S]+2025-06-01 13:45Z'
    }
}

Describe 'Export-PatchReport -PassThru' {
    It 'writes the file as Get-Item shows it, with its folder, mode and length' {
        $path = Join-Path $TestDrive 'report.html'
        $file = $samples.PatchCompliance | Export-PatchReport -Path $path -PassThru
        $text = $file | Out-String -Width 80
        $text | Should -Match ([regex]::Escape("Directory: $TestDrive"))
        $text | Should -Match "\b$((Get-Item -LiteralPath $path).Length)\s+report\.html"
        $text | Should -Match '-r'
    }
}
