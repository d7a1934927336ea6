<#
.SYNOPSIS
    Builds, tests and stages the AwsPatch module. Runs on Windows PowerShell 5.1 and PowerShell 7.

.DESCRIPTION
    Tasks run in the order given:

      Build    Stage out/AwsPatch/ with build/AwsPatch.Stage.proj: dotnet publish src/AwsPatch, copy the flat
               module folder (manifest, AwsPatch.dll, its dependency dlls, format file), and compile
               docs/en-US/*.md into en-US/AwsPatch.dll-Help.xml (MAML) and about_AwsPatch.help.txt with
               tools/AwsPatch.HelpCompiler. `dotnet test` stages the same folder the same way.
      Test     dotnet test (the repository's test command): builds and stages out/AwsPatch/, runs the xUnit
               suites of the module (tests/AwsPatch.Tests) and of the sandbox (tests/AwsPatch.Sandbox.Tests) and
               the Pester suite (tests/pester/*.Tests.ps1 in pwsh 7.6.9 from the tool manifest, with Pester 5.7.1,
               against out/AwsPatch/ and an in-process sandbox).
      Sandbox  Start the local AWS sandbox (src/AwsPatch.Sandbox) on -Port (Ctrl+C stops it).
      Clean    Remove out/ and every bin/ and obj/ folder under src/, tests/ and tools/.
      Docs     Rebuild out/AwsPatch/ and its help; where Microsoft.PowerShell.PlatyPS is installed, its
               Export-MamlCommandHelp then writes en-US/AwsPatch.dll-Help.xml instead of the compiler.
      Demo     Build, start the sandbox, run examples/Demo.ps1 against it (the whole lifecycle,
               report in out/demo/report.html), stop the sandbox.
      Package  Write a PowerShell Gallery-ready out/package/AwsPatch.<version>.nupkg of out/AwsPatch/
               (plus LICENSE) with PSResourceGet's Compress-PSResource (shipped with PowerShell 7.4+).

    Test, Docs, Demo and Package build first (an incremental build), so none of them uses a stale out/AwsPatch/.

    Needs the .NET SDK named in global.json. No build framework, no other module.

.EXAMPLE
    ./build.ps1

    Stages a Release build with its help in out/AwsPatch/.

.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test

.EXAMPLE
    ./build.ps1 -Task Sandbox -Port 4566

.EXAMPLE
    ./build.ps1 -Task Demo

.EXAMPLE
    ./build.ps1 -Task Package

    Writes out/package/AwsPatch.0.1.0.nupkg; Publish-PSResource -NupkgPath ... -Repository PSGallery publishes it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Sandbox', 'Clean', 'Docs', 'Demo', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [ValidateRange(1, 65535)]
    [int] $Port = 4566
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$moduleName = 'AwsPatch'
$outDir = Join-Path $root 'out'
$moduleDir = Join-Path $outDir $moduleName
$stageProject = Join-Path $root 'build/AwsPatch.Stage.proj'
$sandboxProject = Join-Path $root 'src/AwsPatch.Sandbox'
$docsDir = Join-Path $root 'docs/en-US'

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

# Native commands do not throw on failure, even with $ErrorActionPreference = 'Stop': check every time.
function Assert-ExitCode([string] $What) {
    if ($LASTEXITCODE -ne 0) {
        throw "$What failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Write-Step "Build ($Configuration): stage $moduleDir with build/AwsPatch.Stage.proj"
    # The one staging mechanism (the test project's build runs it too): publish, stage the flat folder, compile help.
    dotnet build $stageProject "-p:Configuration=$Configuration" --nologo
    Assert-ExitCode 'dotnet build build/AwsPatch.Stage.proj'
}

function Invoke-Test {
    Write-Step 'Test: dotnet test (stages out/AwsPatch, then the module and sandbox xUnit suites and the Pester suite)'
    Push-Location $root
    try {
        dotnet tool restore
        Assert-ExitCode 'dotnet tool restore'
        dotnet test
        Assert-ExitCode 'dotnet test'
    }
    finally {
        Pop-Location
    }
}

# The newest installed version of a module, at least MinimumVersion; nothing when there is none.
function Get-NewestModule([string] $Name, [version] $MinimumVersion) {
    Get-Module -ListAvailable -Name $Name |
        Where-Object { $_.Version -ge $MinimumVersion } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
}

function Invoke-Package {
    Invoke-Build
    $psResourceGet = Get-NewestModule -Name Microsoft.PowerShell.PSResourceGet -MinimumVersion '1.1.0'
    if (-not $psResourceGet) {
        Write-Warning 'Microsoft.PowerShell.PSResourceGet 1.1 or later is not installed (PowerShell 7.4+ ships it): skipping the package. Install it with: Install-Module Microsoft.PowerShell.PSResourceGet'
        return
    }
    Import-Module -Name $psResourceGet.Path -Force

    $packageDir = Join-Path $outDir 'package'
    $version = (Import-PowerShellDataFile -Path (Join-Path $moduleDir "$moduleName.psd1")).ModuleVersion
    Write-Step "Package: $moduleName $version with Compress-PSResource $($psResourceGet.Version) -> $packageDir"
    # The package is the staged folder plus the LICENSE its manifest's LicenseUri names; the folder keeps the module's name.
    $staging = Join-Path ([System.IO.Path]::GetTempPath()) ("$moduleName-package-" + [guid]::NewGuid().ToString('N'))
    try {
        $content = Join-Path $staging $moduleName
        $null = New-Item -ItemType Directory -Path $content -Force
        Copy-Item -Path (Join-Path $moduleDir '*') -Destination $content -Recurse
        Copy-Item -LiteralPath (Join-Path $root 'LICENSE') -Destination $content
        $null = New-Item -ItemType Directory -Path $packageDir -Force
        $existing = Join-Path $packageDir "$moduleName.$version.nupkg"
        if (Test-Path -LiteralPath $existing) {
            Remove-Item -LiteralPath $existing -Force
        }
        Compress-PSResource -Path $content -DestinationPath $packageDir
        if (-not (Test-Path -LiteralPath $existing)) {
            throw "Compress-PSResource did not write $existing."
        }
        Write-Host "Package: $existing"
    }
    finally {
        if (Test-Path -LiteralPath $staging) {
            Remove-Item -LiteralPath $staging -Recurse -Force
        }
    }
}

function Invoke-Sandbox {
    Write-Step "Sandbox on port $Port (Ctrl+C to stop)"
    dotnet run --project $sandboxProject -- --port $Port
    Assert-ExitCode 'dotnet run (sandbox)'
}

function Invoke-Demo {
    Invoke-Build
    Write-Step "Demo: sandbox on port $Port, then examples/Demo.ps1"
    dotnet build $sandboxProject --configuration $Configuration --nologo
    Assert-ExitCode 'dotnet build (sandbox)'
    $sandboxDll = Join-Path $sandboxProject "bin/$Configuration/net10.0/AwsPatch.Sandbox.dll"
    # The simulated clock starts now (compliance ages read as they would in AWS) and every request moves it 20 s,
    # so snapshots and patch runs progress poll by poll.
    $sandbox = Start-Process -FilePath 'dotnet' -ArgumentList @($sandboxDll, '--port', $Port, '--seconds-per-request', 20, '--clock-start', 'now') -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path $outDir 'sandbox.log') -RedirectStandardError (Join-Path $outDir 'sandbox.err.log')
    try {
        $endpoint = "http://127.0.0.1:$Port"
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            try {
                $null = Invoke-RestMethod -Uri "$endpoint/_sandbox/clock" -TimeoutSec 2
                break
            }
            catch {
                if ($sandbox.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                    throw "The sandbox did not start on port $Port; see $(Join-Path $outDir 'sandbox.err.log')."
                }
                Start-Sleep -Milliseconds 250
            }
        }
        Import-Module (Join-Path $moduleDir "$moduleName.psd1") -Force
        & (Join-Path $root 'examples/Demo.ps1') -EndpointUrl $endpoint -Region 'us-east-1' -ReportPath (Join-Path $outDir 'demo/report.html')
    }
    finally {
        if (-not $sandbox.HasExited) {
            Stop-Process -Id $sandbox.Id -Force
        }
    }
}

function Invoke-Clean {
    Write-Step 'Clean: out/ and bin/, obj/ under src/, tests/ and tools/'
    if (Test-Path -LiteralPath $outDir) {
        Remove-Item -LiteralPath $outDir -Recurse -Force
    }
    foreach ($top in 'src', 'tests', 'tools') {
        $topDir = Join-Path $root $top
        if (-not (Test-Path -LiteralPath $topDir)) {
            continue
        }
        # Collect first, then delete outermost first: a bin/ inside an obj/ is gone with its parent.
        $buildDirs = @(Get-ChildItem -LiteralPath $topDir -Directory -Recurse |
            Where-Object { $_.Name -eq 'bin' -or $_.Name -eq 'obj' } |
            Sort-Object -Property { $_.FullName.Length })
        foreach ($dir in $buildDirs) {
            if (Test-Path -LiteralPath $dir.FullName) {
                Remove-Item -LiteralPath $dir.FullName -Recurse -Force
            }
        }
    }
}

function Invoke-Docs {
    Invoke-Build
    $platyPS = Get-Module -ListAvailable -Name Microsoft.PowerShell.PlatyPS |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    $helpDir = Join-Path $moduleDir 'en-US'
    if (-not $platyPS) {
        Write-Host "Help: $helpDir (tools/AwsPatch.HelpCompiler; Microsoft.PowerShell.PlatyPS is not installed)"
        return
    }

    Write-Step "Docs: Microsoft.PowerShell.PlatyPS $($platyPS.Version), $docsDir -> $helpDir"
    Import-Module -Name $platyPS.Path -Force
    $exportDir = Join-Path ([System.IO.Path]::GetTempPath()) ("$moduleName-help-" + [guid]::NewGuid().ToString('N'))
    try {
        # Cmdlet help files only: the module page (AwsPatch.md) and about_ topics are not command help.
        $commandHelp = Get-ChildItem -LiteralPath $docsDir -Filter '*-*.md' -File |
            ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName }
        $null = Export-MamlCommandHelp -CommandHelp $commandHelp -OutputFolder $exportDir -Force
        $maml = @(Get-ChildItem -LiteralPath $exportDir -Filter '*-Help.xml' -File -Recurse)
        if ($maml.Count -ne 1) {
            throw "Expected one MAML file from Export-MamlCommandHelp, found $($maml.Count) in $exportDir."
        }
        # Get-Help finds a binary module's cmdlet help by the dll's name: en-US/AwsPatch.dll-Help.xml. The
        # about_ topics stay as the build compiled them.
        Copy-Item -LiteralPath $maml[0].FullName -Destination (Join-Path $helpDir "$moduleName.dll-Help.xml") -Force
    }
    finally {
        if (Test-Path -LiteralPath $exportDir) {
            Remove-Item -LiteralPath $exportDir -Recurse -Force
        }
    }
    Write-Host "Help: $helpDir (Microsoft.PowerShell.PlatyPS)"
}

foreach ($step in $Task) {
    switch ($step) {
        'Clean' { Invoke-Clean }
        'Build' { Invoke-Build }
        'Docs' { Invoke-Docs }
        'Test' { Invoke-Test }
        'Sandbox' { Invoke-Sandbox }
        'Demo' { Invoke-Demo }
        'Package' { Invoke-Package }
    }
}
