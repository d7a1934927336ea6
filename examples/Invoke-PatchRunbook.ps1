<#
.SYNOPSIS
    Unattended patch runbook: staging first, then production only if staging patched cleanly.
.DESCRIPTION
    For a scheduler (cron, Task Scheduler, an Azure Automation or AWS Systems Manager Automation runbook) on a machine
    with AwsPatch installed and AWS credentials from its environment: the instance profile, AWS_PROFILE, or keys.
    Nothing prompts: every state-changing call passes -Force (the same as -Confirm:$false), progress is off and the
    log is one plain UTC-stamped line per event. Exit code 0 when every instance patched, 1 otherwise (production is
    left alone when staging fails), so the scheduler sees the outcome.
    Needs examples/iam/AwsPatch-policy.json. Keep the machine running this out of the instances it patches.
.EXAMPLE
    pwsh -NoProfile -NonInteractive -File ./Invoke-PatchRunbook.ps1 -Region eu-west-1 -ReportPath /var/log/awspatch/report.html
#>
[CmdletBinding()]
param(
    [string] $Region,
    [string] $TagKey = 'Environment',
    [string] $StagingValue = 'staging',
    [string] $ProductionValue = 'production',
    [ValidateSet('Scan', 'Install')]
    [string] $Operation = 'Install',
    [string] $ReportPath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
# The log goes to the host (stdout under pwsh -File), not the output stream, so functions can return values.
function Log([string] $Message) { Write-Host ('{0:yyyy-MM-ddTHH:mm:ssZ} {1}' -f [DateTime]::UtcNow, $Message) }

# One wave: the tagged, reachable instances; snapshots first for an install; one line per instance.
function Invoke-Wave([string] $Value, [string] $MaxConcurrency, [string] $MaxErrors) {
    $targets = @(Get-PatchInstance @aws -Tag @{ $TagKey = $Value } |
        Where-Object { $_.IsManaged -and $_.SsmPingStatus -eq 'Online' -and $_.State -eq 'running' })
    Log "$($Value): $Operation on $($targets.Count) instances"
    if ($targets.Count -eq 0) { return [pscustomobject]@{ Ok = $false; Results = @() } }
    $waveErrors = @()
    $results = @($targets | Invoke-PatchRun @aws -Operation $Operation -SnapshotFirst:($Operation -eq 'Install') `
        -MaxConcurrency $MaxConcurrency -MaxErrors $MaxErrors -Wait -Force -ErrorAction Continue -ErrorVariable +waveErrors)
    foreach ($result in $results) { Log ('{0} {1} {2} {3} run {4}' -f $result.InstanceId, $result.Operation, $result.Status, $result.StatusDetails, $result.RunId) }
    foreach ($waveError in $waveErrors) { Log "ERROR $($waveError.TargetObject): $($waveError.Exception.Message)" }
    $ok = $waveErrors.Count -eq 0 -and $results.Count -eq $targets.Count -and -not ($results | Where-Object Status -ne 'Success')
    [pscustomobject]@{ Ok = $ok; Results = $results }
}

try {
    Import-Module -Name AwsPatch
    $aws = @{}
    if ($Region) { $aws.Region = $Region }

    $staging = Invoke-Wave -Value $StagingValue -MaxConcurrency '50%' -MaxErrors '1'
    if (-not $staging.Ok) {
        Log "FAILED: $StagingValue did not patch cleanly; $ProductionValue is left alone."
        exit 1
    }
    $production = Invoke-Wave -Value $ProductionValue -MaxConcurrency '25%' -MaxErrors '2'

    $compliance = @(Get-PatchInstance @aws -ManagedOnly | Get-PatchCompliance @aws)
    $compliant = @($compliance | Where-Object ComplianceState -eq 'Compliant').Count
    Log "Compliance: $compliant of $($compliance.Count) managed instances compliant"
    if ($ReportPath) {
        $report = @($compliance) + @($staging.Results) + @($production.Results) |
            Export-PatchReport -Path $ReportPath -Title 'AwsPatch runbook' -Force -PassThru
        Log "Report: $($report.FullName)"
    }
    if (-not $production.Ok) {
        Log "FAILED: $ProductionValue did not patch cleanly."
        exit 1
    }
    Log 'DONE: staging and production patched'
    exit 0
}
catch {
    Log "FAILED: $($_.Exception.Message)"
    exit 1
}
