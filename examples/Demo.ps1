<#
.SYNOPSIS
    The whole AwsPatch lifecycle against the local sandbox: find, prioritize, snapshot, patch staging, verify,
    then production, and a report.
.DESCRIPTION
    Runs unchanged in PowerShell 7 or Windows PowerShell 5.1 (./build.ps1 -Task Demo starts the sandbox and runs
    it) and in the engine the sandbox hosts (dotnet run --project tests/AwsPatch.Sandbox -- demo). It uses only
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

# The sandbox accepts any keys; against AWS the normal credential chain applies.
$aws = @{ Region = $Region }
if ($EndpointUrl) {
    $aws.EndpointUrl = $EndpointUrl
    $aws.AccessKey = 'AKIASANDBOXDEMO00001'
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

$patchable = { $_.IsManaged -and $_.SsmPingStatus -eq 'Online' -and $_.State -eq 'running' }
$staging = @($fleet | Where-Object { $_.Environment -eq 'staging' } | Where-Object $patchable)
$production = @($fleet | Where-Object { $_.Environment -eq 'production' } | Where-Object $patchable)

Step "Staging first: snapshot and install on $($staging.Count) instances"
$stagingRun = @($staging | Invoke-PatchRun @aws @wait -Operation Install -SnapshotFirst -MaxConcurrency 50% -MaxErrors 1 -Force)
Show $stagingRun

Step 'Staging compliance after the install'
$stagingCompliance = @($staging | Get-PatchCompliance @aws)
Show $stagingCompliance
$failed = @($stagingRun | Where-Object { $_.Status -ne 'Success' })
if ($failed.Count -gt 0) {
    throw "Staging did not patch cleanly ($($failed.Count) failed): production is left alone. See the results above."
}

Step "Production: snapshot and install on $($production.Count) instances, a quarter at a time"
$productionRun = @($production | Invoke-PatchRun @aws @wait -Operation Install -SnapshotFirst -MaxConcurrency 25% -MaxErrors 2 -Force -ErrorAction Continue)
Show $productionRun

Step 'Compliance after patching'
$compliance = @($managed | Get-PatchCompliance @aws)
$after = $managed | Get-PatchCompliance @aws -Summary
Show $after

Step 'Report'
$null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($ReportPath))
$report = @($compliance) + @($findings) + @($priorities) + @($stagingRun) + @($productionRun) |
    Export-PatchReport -Path $ReportPath -Title 'AwsPatch demo' -Force -PassThru
$Host.UI.WriteLine("Report written to $($report.FullName)")
