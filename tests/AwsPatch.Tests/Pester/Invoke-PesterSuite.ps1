#Requires -Version 7.0
<#
    Runs every tests/pester/*.Tests.ps1 in this pwsh (7.6.9 from the tool manifest: `dotnet pwsh`) with the Pester
    module it is given, against the staged module folder out/AwsPatch/, and writes an NUnit XML result file.
    PesterSuiteTests starts it (`dotnet test`), with the in-process sandbox's endpoint in AWSPATCH_SANDBOX_ENDPOINT.
    Exit code: 0 when Pester ran, whatever the results (the caller reads the result file); 1 when it could not run.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterModule,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
$ProgressPreference = 'SilentlyContinue'

Import-Module -Name $PesterModule -Force
$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.Exit = $false
$configuration.Run.Throw = $false
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.RenderMode = 'Plaintext'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
$null = New-Item -ItemType Directory -Path (Split-Path -Parent $ResultPath) -Force
Invoke-Pester -Configuration $configuration
exit 0
