#Requires -Version 7.0
<#
    Each cmdlet's main path, as a user runs it after `Import-Module ./out/AwsPatch/AwsPatch.psd1` with the README's
    sandbox environment: a protect-patch-verify-report walk through two staging instances. The Its run in order and
    build on each other (snapshots before the restore, a scan before compliance). Time moves only when a test moves
    the sandbox's simulated clock.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSandbox.ps1')
    $null = Connect-TestSandbox
    Import-Module -Name (Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1') -Force -ErrorAction Stop
    $staging = @('i-09b8d3fb38a9eb848', 'i-0c12fdb35dfabb119')
    $runTag = 'pester-protect'
}

AfterAll {
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
    Disconnect-TestSandbox
}

Describe 'Finding and prioritizing' {
    It 'Get-PatchInstance lists the staging instances with their SSM agent state' {
        $instances = @(Get-PatchInstance -Tag @{ Environment = 'staging' })

        $instances.Count | Should -Be 6
        $instances.Environment | Sort-Object -Unique | Should -Be 'staging'
        $instances.Region | Sort-Object -Unique | Should -Be 'us-east-1'
        # web-stg-03 is stopped: Systems Manager lists no stopped instance (its API reference), so its agent state is unknown.
        $stopped = $instances | Where-Object InstanceId -EQ 'i-003a2e8145b934116'
        $stopped.State | Should -Be 'stopped'
        $stopped.AgentState | Should -Be 'Unknown'
        $stopped.SsmPingStatus | Should -BeNullOrEmpty
        ($instances | Where-Object InstanceId -EQ 'i-09b8d3fb38a9eb848').SsmPingStatus | Should -Be 'Online'
        # ManagedOnly leaves out the instances Systems Manager does not list: no SSM agent registered, or stopped.
        $managed = @(Get-PatchInstance -ManagedOnly).InstanceId
        $managed | Should -Contain 'i-09b8d3fb38a9eb848'
        $managed | Should -Not -Contain 'i-003a2e8145b934116'
        $managed | Should -Not -Contain 'i-0d9ab04d5a7e2ec66'
        $managed | Should -Not -Contain 'i-0f28911e7f04874b2'
    }

    It 'Get-PatchFinding takes instances from the pipeline and filters by severity' {
        $findings = @(Get-PatchInstance -InstanceId $staging | Get-PatchFinding -Severity Critical, High -FixAvailable)

        $findings.Count | Should -BeGreaterThan 0
        $findings.InstanceId | Sort-Object -Unique | ForEach-Object { $_ | Should -BeIn $staging }
        $findings.Severity | Sort-Object -Unique | ForEach-Object { $_ | Should -BeIn 'Critical', 'High' }
    }

    It 'Get-PatchPriority ranks the instances by risk, highest first' {
        $priorities = @(Get-PatchFinding -Severity Critical, High -FixAvailable | Get-PatchPriority -First 3)

        # Not $priorities.Rank: an array has a Rank of its own (its dimensions).
        $priorities | ForEach-Object Rank | Should -Be 1, 2, 3
        $priorities[0].RiskScore | Should -BeGreaterOrEqual $priorities[1].RiskScore
        $priorities[1].RiskScore | Should -BeGreaterOrEqual $priorities[2].RiskScore
    }
}

Describe 'Protecting with snapshots' {
    It 'New-PatchSnapshot -WhatIf creates nothing' {
        New-PatchSnapshot -InstanceId $staging -RunId $runTag -WhatIf

        Get-PatchSnapshot -RunId $runTag | Should -BeNullOrEmpty
    }

    It 'New-PatchSnapshot snapshots every volume of each instance, tagged with the run' {
        $sets = @(New-PatchSnapshot -InstanceId $staging -RunId $runTag -Confirm:$false)

        $sets.InstanceId | Should -Be $staging
        $sets.RunId | Sort-Object -Unique | Should -Be $runTag
        $sets[0].SnapshotIds.Count | Should -Be 2
        $sets[0].RootSnapshotId | Should -BeIn $sets[0].SnapshotIds
    }

    It 'Get-PatchSnapshot shows the snapshots completed once time has passed' {
        Move-TestSandboxClock 3600

        $sets = @(Get-PatchSnapshot -RunId $runTag)

        $sets.InstanceId | Sort-Object | Should -Be ($staging | Sort-Object)
        $sets.State | Sort-Object -Unique | Should -Be 'completed'
    }

    It 'Restore-PatchSnapshot replaces the root volume from the run''s root snapshot' {
        $restore = Restore-PatchSnapshot -InstanceId $staging[0] -RunId $runTag -Force -WarningVariable warnings -WarningAction SilentlyContinue

        $restore.InstanceId | Should -Be $staging[0]
        $restore.SnapshotId | Should -Be (Get-PatchSnapshot -RunId $runTag -InstanceId $staging[0]).RootSnapshotId
        $restore.TaskId | Should -Match '^replacevol-'
        # The data volume is not rolled back, and the user is told so.
        "$warnings" | Should -Match 'NOT restored'
    }
}

Describe 'Patching' {
    It 'Invoke-PatchRun sends a scan and Wait-PatchRun follows it to the end' {
        $sent = @(Invoke-PatchRun -InstanceId $staging -Operation Scan)
        $sent.Status | Sort-Object -Unique | Should -Be 'Pending'
        $sent.RunId | Sort-Object -Unique | Should -HaveCount 1
        Move-TestSandboxClock 3600

        $done = @(Wait-PatchRun -RunId $sent[0].RunId -PollIntervalSeconds 0.1)

        $done.InstanceId | Sort-Object | Should -Be ($staging | Sort-Object)
        $done.Status | Sort-Object -Unique | Should -Be 'Success'
        $done.IsComplete | Sort-Object -Unique | Should -BeTrue
    }

    It 'Get-PatchRun lists the run and returns its per-instance results' {
        $run = @(Get-PatchRun | Where-Object Operation -EQ 'Scan')

        $run.Count | Should -Be 1
        $run[0].Status | Should -Be 'Success'
        $run[0].InstanceCount | Should -Be 2
        @(Get-PatchRun -RunId $run[0].RunId).Status | Should -Be 'Success', 'Success'
    }

    It 'Stop-PatchRun cancels an install that is still running' {
        $sent = @(Invoke-PatchRun -InstanceId $staging -Operation Install -Force)

        $stopped = @(Stop-PatchRun -RunId $sent[0].RunId -Force -PassThru)

        $stopped.Status | Sort-Object -Unique | Should -Be 'Cancelled'
        Move-TestSandboxClock 3600
        @(Get-PatchRun -RunId $sent[0].RunId).Status | Sort-Object -Unique | Should -Be 'Cancelled'
    }
}

Describe 'Verifying and reporting' {
    It 'Get-PatchCompliance reports the scanned instances with their missing counts' {
        $compliance = @(Get-PatchCompliance -InstanceId $staging)

        $compliance.InstanceId | Sort-Object | Should -Be ($staging | Sort-Object)
        $compliance.ComplianceState | ForEach-Object { $_ | Should -Not -Be 'NotScanned' }
        ($compliance | Measure-Object -Property MissingCount -Sum).Sum | Should -BeGreaterThan 0
    }

    It 'Get-PatchMissing lists the patches a scanned instance lacks' {
        $missing = @(Get-PatchMissing -InstanceId $staging[1])

        $missing.Count | Should -Be (Get-PatchCompliance -InstanceId $staging[1]).MissingCount
        $missing.InstanceId | Sort-Object -Unique | Should -Be $staging[1]
        $missing.State | Sort-Object -Unique | Should -Be 'Missing'
    }

    It 'Export-PatchReport writes the HTML report of the compliance' {
        $path = Join-Path $TestDrive 'report.html'

        $file = Get-PatchCompliance -InstanceId $staging | Export-PatchReport -Path $path -PassThru

        $file.FullName | Should -Be (Get-Item -LiteralPath $path).FullName
        $html = Get-Content -LiteralPath $path -Raw
        $html | Should -Match '<svg'
        $staging | ForEach-Object { $html | Should -Match $_ }
    }

    It 'Remove-PatchSnapshot deletes the run''s snapshots' {
        $removed = @(Get-PatchSnapshot -RunId $runTag | Remove-PatchSnapshot -Force -PassThru)

        $removed.InstanceId | Sort-Object | Should -Be ($staging | Sort-Object)
        Get-PatchSnapshot -RunId $runTag | Should -BeNullOrEmpty
    }
}
