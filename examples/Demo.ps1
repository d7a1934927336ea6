<#
.SYNOPSIS
    The whole AwsPatch lifecycle against the local sandbox: find, prioritize, then one staged rollout (a canary,
    staging, production; each wave snapshotted, patched and gated, a failed wave rolled back), verify, and a report.
.DESCRIPTION
    Runs unchanged in PowerShell 7 or Windows PowerShell 5.1 (./build.ps1 -Task Demo starts the sandbox and runs
    it) and in the engine the demo program hosts (dotnet run --project src/AwsPatch.Demo). It uses only
    AwsPatch cmdlets and the engine's core cmdlets (no Select-Object, Format-Table, Write-Host, New-Item), so it
    also runs where only the core engine is present.
    Point it at real AWS only if you mean it: it installs patches.
#>
[CmdletBinding()]
param(
    [string] $EndpointUrl = $env:AWS_ENDPOINT_URL,
    [string] $Region = $(if ($env:AWS_REGION) { $env:AWS_REGION } else { 'us-east-1' }),
    [string] $ReportPath = [System.IO.Path]::Combine($PWD.Path, 'out', 'demo', 'report.html'),
    [double] $PollIntervalSeconds = 0.5
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

# The sandbox's documented key pair (its strict auth verifies signatures as AWS does); against AWS the normal credential chain applies.
$aws = @{ Region = $Region }
if ($EndpointUrl) {
    $aws.EndpointUrl = $EndpointUrl
    $aws.AccessKey = 'AKIASANDBOXEXAMPLE'
    $aws.SecretKey = 'sandbox-secret'
}
$wait = @{ Wait = $true; PollIntervalSeconds = $PollIntervalSeconds }

function Step([string] $Text) {
    $Host.UI.WriteLine()
    $Host.UI.WriteLine(([ConsoleColor]::Cyan), $Host.UI.RawUI.BackgroundColor, "== $Text")
}

function Show([object[]] $Objects, [int] $First = [int]::MaxValue) {
    if ($Objects) { @($Objects)[0..([Math]::Min($First, $Objects.Count) - 1)] | Out-Default }
}

Step 'The fleet: EC2 instances with their Systems Manager agent state'
$fleet = @(Get-PatchInstance @aws)
Show $fleet

# Piping the fleet (managed instances only) carries each instance's Environment into the compliance objects.
$managed = @($fleet | Where-Object IsManaged)

Step 'Compliance before patching'
$before = $managed | Get-PatchCompliance @aws -Summary
Show $before

Step 'Critical and high findings with a fix, from Amazon Inspector'
$findings = @(Get-PatchFinding @aws -Severity Critical, High -FixAvailable)
Show $findings -First 10
$Host.UI.WriteLine("$($findings.Count) findings in all; the first 10 above.")

Step 'What to patch first'
$priorities = @(Get-PatchFinding @aws | Get-PatchPriority)
Show $priorities -First 10

Step 'The patch schedule: staging midweek, production on Sunday, and the plan by due date'
# Two windows cover the whole fleet by its Environment tag, staging four days before production. A window is
# created once (a second run finds it by name and changes nothing); the schedule says when each instance is next
# patched, and the plan gives each one a due date (CISA KEV due dates included) and flags the instances no window
# patches in time.
$window = @(
    New-PatchWindow @aws -Name staging-wednesday -Schedule 'cron(0 22 ? * WED *)' -ScheduleTimezone Europe/Berlin -Duration 3 -Cutoff 1 -Tag @{ Environment = 'staging' } -Operation Install
    New-PatchWindow @aws -Name prod-sunday -Schedule 'cron(0 3 ? * SUN *)' -ScheduleTimezone Europe/Berlin -Duration 3 -Cutoff 1 -Tag @{ Environment = 'production' } -Operation Install
)
Show $window
$schedule = @($managed | Get-PatchSchedule @aws)
Show $schedule -First 10
$Host.UI.WriteLine("$(@($schedule | Where-Object NextWindowStart).Count) of $($schedule.Count) managed instances have a next patch window.")
$patchPlan = @($priorities | New-PatchPlan @aws)
Show $patchPlan -First 10
$Host.UI.WriteLine("$(@($patchPlan | Where-Object PatchNow).Count) of $($patchPlan.Count) instances have no window by their due date: patch them now (Invoke-PatchRun) or add a window.")

$patchable = { $_.IsManaged -and $_.SsmPingStatus -eq 'Online' -and $_.State -eq 'running' }
$targets = @($fleet | Where-Object { $_.Environment -eq 'staging' -or $_.Environment -eq 'production' } | Where-Object $patchable)

if ($EndpointUrl) {
    # Sandbox only: last month's patching brought every target up to date, and today new patches are released (as on
    # a Patch Tuesday): openssl-libs for Amazon Linux 2023 and a cumulative update for Windows. Each fixes a CVE that
    # Inspector now reports open on the instances that get it, so the rollout below has findings to close. Against
    # AWS, the rollout installs whatever the baseline approves, and Inspector reports what it finds.
    Step "Last month's patching, then this month's patches released, with the CVEs they fix"
    $null = @($targets | Invoke-PatchRun @aws @wait -Operation Install -MaxConcurrency 50% -Force)
    $ids = '"' + (@($targets | ForEach-Object InstanceId) -join '","') + '"'
    $releases = @(
        '{"title":"openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99","severity":"Critical","cveIds":"CVE-2025-9230","operatingSystem":"AMAZON_LINUX_2023","instanceIds":[' + $ids + ']}'
        '{"title":"2025-10 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5066782)","kbId":"KB5066782","severity":"Important","cveIds":"CVE-2025-59230","operatingSystem":"WINDOWS","instanceIds":[' + $ids + ']}'
    )
    $web = [System.Net.WebClient]::new()
    $web.Headers['Content-Type'] = 'application/json'
    $opened = 0
    foreach ($release in $releases) {
        $opened += [int]([regex]::Match($web.UploadString("$($EndpointUrl.TrimEnd('/'))/_sandbox/patches", 'POST', $release), '"findings":(\d+)').Groups[1].Value)
    }
    $web.Dispose()
    $Host.UI.WriteLine("Every target is patched; openssl-libs 3.2.2 (CVE-2025-9230) and KB5066782 (CVE-2025-59230) were released, and Inspector reports $opened new findings they fix.")
}

# One rollout instead of hand-sequencing staging and production: the plan is an object to inspect (or change)
# before anything is sent.
Step 'The rollout plan: a canary, the rest of staging, then production'
# The tested patch set is kept per platform: a production instance on a platform staging does not run would be
# refused (nothing tested its patches), so it is left out here and said so.
$tested = @($targets | Where-Object Environment -EQ staging | ForEach-Object { "$($_.PlatformName) $($_.PlatformVersion)" })
$untested = @($targets | Where-Object { $_.Environment -ne 'staging' -and $tested -notcontains "$($_.PlatformName) $($_.PlatformVersion)" })
foreach ($instance in $untested) {
    $Host.UI.WriteLine("Left out: $($instance.InstanceId) runs $($instance.PlatformName) $($instance.PlatformVersion), which no staging instance runs; give staging one to test it.")
}
$plan = $targets | Where-Object { $untested -notcontains $_ } |
    New-PatchRolloutPlan @aws -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -MaxConcurrency 50%, 50%, 25% -MaxErrors 0, 1, 2
Show $plan.Waves

Step "Rollout: each wave snapshotted, patched and gated before the next (installs, reboot, a compliant Scan, the tested patch set)"
# A wave that fails a gate stops the rollout and, with -RollbackOnFailure, its failed instances are restored from
# their pre-patch snapshots; each failed instance's error (left out here) names the gate. The record below says
# where the rollout stopped.
$rollout = @($plan | Invoke-PatchRollout @aws -RollbackOnFailure -PollIntervalSeconds $PollIntervalSeconds -Force -ErrorAction Ignore)
Show $rollout
if ($rollout.Count -eq 0) {
    throw 'The rollout patched nothing: run Invoke-PatchRollout again without -ErrorAction Ignore to see why.'
}

Step 'The rollout as any session sees it (its record in Parameter Store)'
$record = @(Get-PatchRollout @aws -RolloutId $rollout[0].RolloutId)
Show $record
Show $record[0].Waves
if ($record[0].State -ne 'Succeeded') {
    # On the sandbox's fleet production needs patches staging never installed: the TestedSet gate stops it.
    $Host.UI.WriteLine("Rollout $($record[0].RolloutId) is $($record[0].State) at wave $($record[0].FailedWave); its failed instances were rolled back. See GateOutcomes on the results above.")
}
# The report shows each wave's run.
$runIds = [System.Collections.Generic.List[string]]::new()
foreach ($result in $rollout) { if (-not $runIds.Contains($result.RunId)) { $runIds.Add($result.RunId) } }
$waveRuns = @($runIds | ForEach-Object { Get-PatchRun @aws -RunId $_ })

Step 'Compliance after patching'
$compliance = @($managed | Get-PatchCompliance @aws)
Show $compliance -First 10
$after = $managed | Get-PatchCompliance @aws -Summary
Show $after

Step 'Did patching fix what Inspector found? Each finding open before the install, after the rescan'
# The rollout's Compliance gate scanned after each install, so the install's time comes from the wave's run
# results: its start, so that findings Inspector closed while the run was still rebooting and reporting count.
$installed = @($waveRuns | Where-Object Operation -EQ Install | ForEach-Object { [pscustomobject]@{ InstanceId = $_.InstanceId; InstalledAt = $_.StartedAt } })
$remediation = @($installed | Get-PatchRemediation @aws)
Show $remediation -First 10

Step 'Report'
$null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($ReportPath))
$report = @($compliance) + @($findings) + @($priorities) + @($waveRuns) + @($patchPlan) + @(Get-PatchWindow @aws) + @($remediation) |
    Export-PatchReport -Path $ReportPath -Title 'AwsPatch demo' -Force -PassThru
$Host.UI.WriteLine("Report written to $($report.FullName)")

Step 'Effectiveness: did the patching strategy work? (the report section, also as CSV)'
$csv = @($remediation | Export-PatchReport -Path ([System.IO.Path]::ChangeExtension($ReportPath, '.csv')) -Format Csv -Force -PassThru)
foreach ($file in @($csv | Where-Object Name -Like '*.effectiveness.csv')) {
    foreach ($line in [System.IO.File]::ReadAllLines($file.FullName)) { $Host.UI.WriteLine($line) }
}
