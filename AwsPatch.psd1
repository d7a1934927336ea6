@{
    RootModule             = 'AwsPatch.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Desktop', 'Core')
    GUID                   = '5b0c7f5e-2f4a-4c41-9d0e-6a7b1f3c2d91'
    Author                 = 'AwsPatch contributors'
    CompanyName            = 'AwsPatch contributors'
    Copyright              = '(c) AwsPatch contributors. All rights reserved.'
    Description            = 'AWS patch management from a PowerShell pipeline: find vulnerabilities with Amazon Inspector, prioritize them, snapshot EBS volumes, patch through SSM Patch Manager with rate control, and report compliance.'
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('AwsPatch.Format.ps1xml')
    CmdletsToExport        = @(
        'Export-PatchReport'
        'Get-PatchCompliance'
        'Get-PatchFinding'
        'Get-PatchInstance'
        'Get-PatchMissing'
        'Get-PatchPriority'
        'Get-PatchRemediation'
        'Get-PatchRun'
        'Get-PatchSnapshot'
        'Invoke-PatchRun'
        'New-PatchSnapshot'
        'Remove-PatchSnapshot'
        'Restore-PatchSnapshot'
        'Stop-PatchRun'
        'Wait-PatchRun'
        'Get-PatchSchedule'
        'Get-PatchWindow'
        'New-PatchPlan'
        'New-PatchWindow'
        'Remove-PatchWindow'
        'Set-PatchWindow'
        'Get-PatchRollout'
        'Invoke-PatchRollout'
        'Resume-PatchRollout'
        'New-PatchRolloutPlan'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('AWS', 'Patch', 'PatchManagement', 'SSM', 'SystemsManager', 'Inspector', 'EC2', 'EBS', 'Snapshot', 'Compliance', 'Vulnerability', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/awspatch/AwsPatch'
            LicenseUri   = 'https://github.com/awspatch/AwsPatch/blob/main/LICENSE'
            ReleaseNotes = 'Preview of the whole patch lifecycle: Get-PatchInstance; Get-PatchFinding and Get-PatchPriority (Amazon Inspector); New-, Get-, Remove- and Restore-PatchSnapshot; Invoke-, Get-, Wait- and Stop-PatchRun (SSM Patch Manager, with -SnapshotFirst, rate control and resume); Get-PatchCompliance, Get-PatchMissing and Export-PatchReport. AWS.Tools-compatible session parameters; a local AWS sandbox and a lifecycle demo for trying it without an AWS account.'
        }
    }
}
