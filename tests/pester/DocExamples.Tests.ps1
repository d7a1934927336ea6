#Requires -Version 7.0
<#
    Every example of every docs/en-US/<Cmdlet>.md runs, as written, against the staged module
    (out/AwsPatch/AwsPatch.psd1) and the sandbox, with the README's environment (AWS_ENDPOINT_URL and keys): no
    terminating error, no error record but the ones the example declares below. New cmdlets and new examples are
    found by themselves. Each example gets a freshly reset sandbox and its own working folder, in a runspace of this
    pwsh with the module imported, where:
    - simulated time moves 60 s on every AWS request (POST /_sandbox/clock/per-request), so -Wait finishes in a few
      polls whatever the machine's speed, and polls come every 0.1 s ($PSDefaultParameterValues, as a user may set);
    - confirmation prompts are answered yes ($ConfirmPreference = 'None'): nobody sits at this host;
    - the sandbox address the docs show (http://127.0.0.1:4566, where the README starts it) is this test's sandbox.
    Examples that need a state a real account has (a scanned fleet, a finished run, snapshot sets) get it first
    ($given). Examples that need what the sandbox cannot offer are parse-checked only, like the README's and
    about_AwsPatch's code: the parser accepts the code and every parameter an AwsPatch command uses exists.
#>

BeforeDiscovery {
    $docsDir = Join-Path $PSScriptRoot '../../docs/en-US'

    # The examples of a cmdlet page: '### Example N: title' subsections of '## EXAMPLES', each with its powershell blocks.
    function Get-DocExample([string] $Path) {
        $cmdlet = [System.IO.Path]::GetFileNameWithoutExtension($Path)
        $markdown = (Get-Content -LiteralPath $Path -Raw) -replace "`r`n", "`n"
        $section = [regex]::Match($markdown, '(?ms)^## EXAMPLES[ \t]*\n(.*?)(?=^## |\z)').Groups[1].Value
        foreach ($example in [regex]::Matches($section, '(?ms)^### (?<title>[^\n]+)\n(?<body>.*?)(?=^### |\z)')) {
            $code = @([regex]::Matches($example.Groups['body'].Value, '(?ms)^```powershell[ \t]*\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value.TrimEnd() }) -join "`n"
            @{ Cmdlet = $cmdlet; Title = $example.Groups['title'].Value.Trim(); Code = $code; Key = "$cmdlet $(($example.Groups['title'].Value -split ':')[0].Trim())" }
        }
    }

    $examples = @(Get-ChildItem -Path (Join-Path $docsDir '*-*.md') | Sort-Object Name | ForEach-Object { Get-DocExample $_.FullName })

    # Examples that need what the sandbox does not offer: parse-checked only, with the reason in the test name.
    $parseOnly = @{
        'Get-PatchInstance Example 2'  = 'needs AWS.Tools (Get-EC2Instance), which is not installed here'
        'Get-PatchInstance Example 3'  = 'needs AWS.Tools (Get-SSMInstanceInformation), which is not installed here'
        'Get-PatchFinding Example 4'   = 'needs AWS.Tools (Get-EC2Instance), which is not installed here'
    }
    $runnable = @($examples | Where-Object { -not $parseOnly.ContainsKey($_.Key) })
    $parseChecked = @($examples | Where-Object { $parseOnly.ContainsKey($_.Key) } | ForEach-Object { $_ + @{ Reason = $parseOnly[$_.Key] } })

    # The README's and about_AwsPatch's powershell blocks: parse and parameter check only (they show a user's own fleet).
    $pages = foreach ($page in (Join-Path $PSScriptRoot '../../README.md'), (Join-Path $docsDir 'about_AwsPatch.md')) {
        $markdown = (Get-Content -LiteralPath $page -Raw) -replace "`r`n", "`n"
        $blocks = [regex]::Matches($markdown, '(?ms)^```powershell[ \t]*\n(.*?)^```')
        for ($i = 0; $i -lt $blocks.Count; $i++) {
            @{ Page = Split-Path -Leaf $page; Number = $i + 1; Code = $blocks[$i].Groups[1].Value }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSandbox.ps1')
    $manifestPath = Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1'
    Import-Module -Name $manifestPath -Force -ErrorAction Stop
    $endpoint = Connect-TestSandbox

    # Errors an example shows on purpose (FullyQualifiedErrorId prefixes); each must occur, and no other.
    $expectedErrors = @{
        'Get-PatchInstance Example 6' = 'InvalidInstanceId', 'InstanceNotFound'
        'Invoke-PatchRun Example 6'   = 'InstanceNotManaged', 'InstanceNotRunning'
        # The stopped staging instance web-stg-03 was never scanned, and Systems Manager lists no stopped instance.
        'Get-PatchCompliance Example 1' = @('InstanceNotRunning')
        'Export-PatchReport Example 1'  = @('InstanceNotRunning')
        'Restore-PatchSnapshot Example 2' = @('PatchRunFailed')
        # The default fleet's production runs Ubuntu 22.04 and Windows Server 2019, which no running staging instance
        # does: a rollout of the whole fleet leaves those two out, each with its error (Invoke-PatchRollout Example 6).
        'Invoke-PatchRollout Example 1' = @('RolloutPlatformUntested')
        'Invoke-PatchRollout Example 2' = @('RolloutPlatformUntested')
        'Invoke-PatchRollout Example 4' = @('RolloutPlatformUntested')
        'Invoke-PatchRollout Example 5' = @('RolloutPlatformUntested')
        'New-PatchRolloutPlan Example 1' = @('RolloutPlatformUntested')
        'Export-PatchReport Example 5' = @('RolloutPlatformUntested')
    }

    # The state a real account would already have, set up before the example runs.
    $given = @{
        Scanned   = 'Get-PatchInstance -ManagedOnly | Where-Object SsmPingStatus -EQ Online | Invoke-PatchRun -Operation Scan -Wait | Out-Null'
        Installed = 'Get-PatchInstance -PatchGroup web-prod, db-prod -ManagedOnly | Where-Object SsmPingStatus -EQ Online | Invoke-PatchRun -Operation Install -RebootOption NoReboot -Wait -Force | Out-Null'
        Snapshots = 'Get-PatchInstance -Tag @{ Environment = ''staging'' } -ManagedOnly | New-PatchSnapshot -Wait | Out-Null'
        # SnapshotRun: a snapshot-first install of db-prod. FailedRun: an install of db-prod that failed on one instance
        # (its fault cleared after, so a resume can succeed). FailingInstance: that instance fails its next patch.
        SnapshotRun = 'Get-PatchInstance -PatchGroup db-prod | Invoke-PatchRun -Operation Install -SnapshotFirst -Wait -Force | Out-Null'
        FailedRun = 'Invoke-RestMethod -Method Post "$env:AWS_ENDPOINT_URL/_sandbox/instances/i-0721275351ded0ea3/faults" -ContentType application/json -Body ''{"command":"Fail"}'' | Out-Null; Get-PatchInstance -PatchGroup db-prod | Invoke-PatchRun -Operation Install -Wait -Force -ErrorAction SilentlyContinue | Out-Null; Invoke-RestMethod -Method Delete "$env:AWS_ENDPOINT_URL/_sandbox/instances/i-0721275351ded0ea3/faults" | Out-Null'
        # Released: last month's patching done everywhere, then one patch released to every Online instance (so every wave of a rollout installs the same patch).
        Released = '$ids = @(Get-PatchInstance -ManagedOnly | Where-Object SsmPingStatus -EQ Online).InstanceId; Invoke-PatchRun -InstanceId $ids -Operation Install -Wait -Force | Out-Null; Invoke-RestMethod -Method Post "$env:AWS_ENDPOINT_URL/_sandbox/patches" -ContentType application/json -Body (@{ title = ''openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99''; instanceIds = $ids } | ConvertTo-Json) | Out-Null'
        # Rollout: a finished rollout of db-prod.
        Rollout = 'Get-PatchInstance -PatchGroup db-prod | Where-Object SsmPingStatus -EQ Online | Invoke-PatchRollout -Force | Out-Null'
        FailingInstance = 'Invoke-RestMethod -Method Post "$env:AWS_ENDPOINT_URL/_sandbox/instances/i-0721275351ded0ea3/faults" -ContentType application/json -Body ''{"command":"Fail"}'' | Out-Null'
        # Window: the issue's example maintenance window for web-prod.
        Window = 'New-PatchWindow -Name prod-sunday -Schedule ''cron(0 3 ? * SUN *)'' -ScheduleTimezone Europe/Berlin -Duration 3 -Cutoff 1 -PatchGroup web-prod -Operation Install | Out-Null'
    }
    $needs = @{
        'Export-PatchReport Example 4'  = 'Scanned'
        'Get-PatchCompliance Example 2' = 'Scanned'
        'Get-PatchCompliance Example 3' = 'Scanned'
        'Get-PatchCompliance Example 4' = 'Scanned'
        'Get-PatchMissing Example 1'    = 'Scanned'
        'Get-PatchMissing Example 2'    = 'Scanned'
        'Get-PatchMissing Example 3'    = 'Installed'
        'Get-PatchMissing Example 4'    = 'Scanned'
        'Invoke-PatchRollout Example 1' = 'Released'
        'Invoke-PatchRollout Example 4' = 'Released'
        'Export-PatchReport Example 5'  = 'Released'
        'Get-PatchRollout Example 1'    = 'Rollout'
        'Get-PatchRun Example 1'        = 'Scanned'
        'Get-PatchRun Example 2'        = 'FailedRun'
        'Get-PatchRun Example 3'        = 'Scanned'
        'Get-PatchSnapshot Example 1'   = 'SnapshotRun'
        'Invoke-PatchRun Example 5'     = 'FailedRun'
        'Get-PatchSnapshot Example 2'   = 'Snapshots'
        'Get-PatchSnapshot Example 3'   = 'Snapshots'
        'Get-PatchSnapshot Example 4'   = 'Snapshots'
        'Remove-PatchSnapshot Example 1' = 'Snapshots'
        'Remove-PatchSnapshot Example 3' = 'Snapshots'
        'Remove-PatchSnapshot Example 4' = 'Snapshots'
        'Restore-PatchSnapshot Example 1' = 'Snapshots'
        'Restore-PatchSnapshot Example 2' = 'FailingInstance'
        'Restore-PatchSnapshot Example 3' = 'Snapshots'
        'Stop-PatchRun Example 1'       = 'Scanned'
        'Wait-PatchRun Example 2'       = 'Scanned'
        'Wait-PatchRun Example 3'       = 'Scanned'
        'Get-PatchWindow Example 1'     = 'Window'
        'Get-PatchWindow Example 2'     = 'Window'
        'Get-PatchWindow Example 3'     = 'Window'
        'Set-PatchWindow Example 1'     = 'Window'
        'Set-PatchWindow Example 2'     = 'Window'
        'Set-PatchWindow Example 3'     = 'Window'
        'Set-PatchWindow Example 4'     = 'Window'
        'Remove-PatchWindow Example 1'  = 'Window'
        'Get-PatchSchedule Example 1'   = 'Window'
        'Get-PatchSchedule Example 2'   = 'Window'
        'Get-PatchSchedule Example 3'   = 'Window'
    }
    # Examples that act on a run while it is still going: time stands still (no per-request step) while they run.
    $frozen = @('Stop-PatchRun Example 1', 'Stop-PatchRun Example 2')
    # Examples about a run still in progress: one is started and time moves 5 s (delivered, not finished).
    $inProgress = @{
        'Stop-PatchRun Example 1' = 'Get-PatchInstance -PatchGroup db-prod | Invoke-PatchRun -Operation Install -Force | Out-Null'
        'Wait-PatchRun Example 3' = 'Get-PatchInstance -PatchGroup db-prod | Invoke-PatchRun -Operation Scan | Out-Null'
    }

    $iss = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    $iss.ImportPSModule((Resolve-Path -LiteralPath $manifestPath).Path)
    $runspace = [runspacefactory]::CreateRunspace($iss)
    $runspace.Open()

    # Runs $Script in the examples' runspace: output as text, error records, and the terminating error if any.
    function Invoke-InRunspace([string] $Script, [string] $Folder) {
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $runspace
            $null = $ps.AddScript("Set-Location -LiteralPath '$($Folder -replace "'", "''")'; `$ConfirmPreference = 'None'; `$PSDefaultParameterValues = @{ '*-Patch*:PollIntervalSeconds' = 0.1 }").Invoke()
            $ps.Commands.Clear()
            $null = $ps.AddScript($Script, $true).AddCommand('Out-String').AddParameter('Width', 120)
            $pending = $ps.BeginInvoke()
            # A guard against a hang (a wait that never ends), not a timing assertion: examples take well under a second.
            if (-not $pending.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60))) {
                $ps.Stop()
                return [pscustomobject]@{ Output = ''; Errors = @(); Terminating = 'did not finish within 60 s' }
            }
            $terminating = $null
            $output = try { $ps.EndInvoke($pending) } catch { $terminating = ($_.Exception.InnerException ?? $_.Exception).Message }
            [pscustomobject]@{ Output = "$output"; Errors = @($ps.Streams.Error); Terminating = $terminating }
        }
        finally { $ps.Dispose() }
    }

    # Parse-checks $Code: the parser accepts it, and each parameter an AwsPatch command names exists on that command.
    function Get-CodeProblem([string] $Code) {
        $tokens = $parseErrors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref] $tokens, [ref] $parseErrors)
        foreach ($parseError in $parseErrors) { "parse error: $($parseError.Message) ($($parseError.Extent.Text))" }
        $commands = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
        foreach ($command in $commands) {
            $name = $command.GetCommandName()
            $info = if ($name) { Get-Command -Name $name -Module AwsPatch -ErrorAction SilentlyContinue }
            if (-not $info) { continue }
            foreach ($parameter in $command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                $matched = @($info.Parameters.Values | Where-Object { $_.Name -like "$($parameter.ParameterName)*" -or ($_.Aliases -contains $parameter.ParameterName) })
                if ($matched.Count -ne 1 -and -not ($matched.Name -contains $parameter.ParameterName)) {
                    "$name has no parameter -$($parameter.ParameterName)"
                }
            }
        }
    }
}

AfterAll {
    if ($runspace) { $runspace.Dispose() }
    if ($endpoint) { Set-TestSandboxRequestStep 0 }
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
    Disconnect-TestSandbox
}

Describe 'The docs'' examples run against the sandbox' {
    It '<Cmdlet> <Title>' -ForEach $runnable {
        $null = Connect-TestSandbox
        $folder = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ($Key -replace '\W', '-')) -Force).FullName
        $step = if ($Key -in $frozen) { 0 } else { 60 }
        if ($needs.ContainsKey($Key)) {
            Set-TestSandboxRequestStep 60
            $setup = Invoke-InRunspace $given[$needs[$Key]] $folder
            $setup.Terminating | Should -BeNullOrEmpty -Because "setting up '$($needs[$Key])' for $Key must work"
            @($setup.Errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) | Should -BeNullOrEmpty -Because "setting up '$($needs[$Key])' for $Key must work"
        }
        if ($inProgress.ContainsKey($Key)) {
            Set-TestSandboxRequestStep 0
            $started = Invoke-InRunspace $inProgress[$Key] $folder
            @($started.Errors) + @($started.Terminating | Where-Object { $_ }) | Should -BeNullOrEmpty
            Move-TestSandboxClock 5
        }
        Set-TestSandboxRequestStep $step

        $code = $Code.Replace('http://127.0.0.1:4566', $endpoint)
        $result = Invoke-InRunspace $code $folder

        $result.Terminating | Should -BeNullOrEmpty -Because "the example must run to its end`n$code"
        $declared = @($expectedErrors[$Key])
        $unexpected = @($result.Errors | Where-Object { $id = $_.FullyQualifiedErrorId; -not @($declared | Where-Object { $_ -and $id -like "$_*" }) } |
            ForEach-Object { "$($_.FullyQualifiedErrorId) [$($_.TargetObject)]: $_" })
        $unexpected | Should -BeNullOrEmpty -Because "the example shows no error but these`n$code"
        foreach ($id in $declared | Where-Object { $_ }) {
            @($result.Errors | Where-Object FullyQualifiedErrorId -Like "$id*") | Should -Not -BeNullOrEmpty -Because "the example shows a $id error"
        }
        Get-CodeProblem $Code | Should -BeNullOrEmpty
    }

    It '<Cmdlet> <Title> (parse and parameters only: <Reason>)' -ForEach $parseChecked {
        Get-CodeProblem $Code | Should -BeNullOrEmpty
        $Code | Should -Not -BeNullOrEmpty
    }
}

Describe 'The README''s and about_AwsPatch''s code' {
    It '<Page> powershell block <Number> parses and uses only parameters the cmdlets have' -ForEach $pages {
        Get-CodeProblem $Code | Should -BeNullOrEmpty
    }
}
