<#
.SYNOPSIS
    Builds, tests and stages the AwsPatch module. Runs on Windows PowerShell 5.1 and PowerShell 7.

.DESCRIPTION
    Tasks run in the order given:

      Build    dotnet publish src/AwsPatch, then stage out/AwsPatch/ (manifest, AwsPatch.dll, its
               dependency dlls, format file; en-US/ help when Docs runs).
      Test     dotnet test (the repository's test command), then the Pester tests in tests/pester/
               when Pester 5 or later is installed.
      Sandbox  Start the local AWS sandbox on -Port (Ctrl+C stops it).
      Clean    Remove out/ and every bin/ and obj/ folder under src/ and tests/.
      Docs     Export docs/en-US/*.md to MAML help in out/AwsPatch/en-US/ when
               Microsoft.PowerShell.PlatyPS is installed.
      Demo     Build, start the sandbox, run examples/Demo.ps1 against it (the whole lifecycle,
               report in out/demo/report.html), stop the sandbox.
      Package  Write a PowerShell Gallery-ready out/package/AwsPatch.<version>.nupkg of out/AwsPatch/
               (plus LICENSE) with PSResourceGet's Compress-PSResource (shipped with PowerShell 7.4+).

    Test, Docs, Demo and Package build first when out/AwsPatch/ is missing or older than the sources.

    Needs the .NET SDK named in global.json. No build framework, no other module.

.EXAMPLE
    ./build.ps1

    Stages a Release build in out/AwsPatch/.

.EXAMPLE
    ./build.ps1 -Task Clean, Build, Docs, Test

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
$projectPath = Join-Path $root 'src/AwsPatch/AwsPatch.csproj'
$sandboxProject = Join-Path $root 'tests/AwsPatch.Sandbox'
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
    Write-Step "Build ($Configuration): dotnet publish, then stage $moduleDir"
    $publishDir = Join-Path ([System.IO.Path]::GetTempPath()) ("$moduleName-publish-" + [guid]::NewGuid().ToString('N'))
    try {
        dotnet publish $projectPath --configuration $Configuration --output $publishDir --nologo
        Assert-ExitCode 'dotnet publish'

        if (Test-Path -LiteralPath $moduleDir) {
            Remove-Item -LiteralPath $moduleDir -Recurse -Force
        }
        $null = New-Item -ItemType Directory -Path $moduleDir -Force

        # The module folder is flat: manifest, format file, AwsPatch.dll and what dotnet publish lists
        # beside it. System.Management.Automation is provided by PowerShell itself, never shipped.
        $files = Get-ChildItem -LiteralPath $publishDir -File |
            Where-Object { ($_.Extension -eq '.dll' -and $_.Name -ne 'System.Management.Automation.dll') -or
                           $_.Name -eq "$moduleName.psd1" -or $_.Name -eq "$moduleName.Format.ps1xml" }
        foreach ($file in $files) {
            Copy-Item -LiteralPath $file.FullName -Destination $moduleDir
        }
        foreach ($required in "$moduleName.psd1", "$moduleName.dll", "$moduleName.Format.ps1xml") {
            if (-not (Test-Path -LiteralPath (Join-Path $moduleDir $required))) {
                throw "dotnet publish did not produce $required."
            }
        }
        Write-Host "Staged $(@($files).Count) files in $moduleDir"
    }
    finally {
        if (Test-Path -LiteralPath $publishDir) {
            Remove-Item -LiteralPath $publishDir -Recurse -Force
        }
    }
}

function Invoke-Test {
    Write-Step 'Test: dotnet test'
    Push-Location $root
    try {
        dotnet test
        Assert-ExitCode 'dotnet test'
    }
    finally {
        Pop-Location
    }

    $pesterDir = Join-Path $root 'tests/pester'
    if (-not (Test-Path -LiteralPath $pesterDir)) {
        Write-Host 'No tests/pester folder: no Pester tests to run.'
        return
    }
    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object { $_.Version -ge [version]'5.0.0' } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 or later is not installed: skipping tests/pester. Install it with: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
        return
    }
    Invoke-BuildIfStale

    Write-Step "Test: Pester $($pester.Version) on $pesterDir"
    Import-Module -Name $pester.Path -Force
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $pesterDir
    $configuration.Run.PassThru = $true
    $configuration.Output.Verbosity = 'Detailed'
    $result = Invoke-Pester -Configuration $configuration
    if ($result.FailedCount -gt 0) {
        throw "$($result.FailedCount) Pester test(s) failed."
    }
}

# The staged module is stale when it is missing, when a source of AwsPatch.dll is newer than the staged dll, or
# when the staged manifest or format file differs from the repository's.
function Test-StagedModuleStale {
    $stagedDll = Join-Path $moduleDir "$moduleName.dll"
    if (-not (Test-Path -LiteralPath $stagedDll)) {
        return "$moduleDir has no $moduleName.dll"
    }
    $builtAt = (Get-Item -LiteralPath $stagedDll).LastWriteTimeUtc
    $sources = @(Get-ChildItem -LiteralPath (Join-Path $root 'src') -File -Recurse |
        Where-Object { $_.Extension -in '.cs', '.csproj', '.ps1xml', '.props' -and $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
    $sources += @(foreach ($name in 'Directory.Build.props', 'Directory.Packages.props', "$moduleName.psd1") { Get-Item -LiteralPath (Join-Path $root $name) })
    $newer = $sources | Where-Object { $_.LastWriteTimeUtc -gt $builtAt } | Select-Object -First 1
    if ($newer) {
        return "$($newer.FullName) is newer than the staged $moduleName.dll"
    }
    foreach ($copy in @{ Source = (Join-Path $root "$moduleName.psd1"); Staged = (Join-Path $moduleDir "$moduleName.psd1") },
                      @{ Source = (Join-Path $root "src/$moduleName/$moduleName.Format.ps1xml"); Staged = (Join-Path $moduleDir "$moduleName.Format.ps1xml") }) {
        if (-not (Test-Path -LiteralPath $copy.Staged) -or
            (Get-FileHash -LiteralPath $copy.Source).Hash -ne (Get-FileHash -LiteralPath $copy.Staged).Hash) {
            return "the staged $(Split-Path -Leaf $copy.Staged) differs from $($copy.Source)"
        }
    }
    return $null
}

function Invoke-BuildIfStale {
    $reason = Test-StagedModuleStale
    if ($reason) {
        Write-Step "out/$moduleName is out of date ($reason): building it first"
        Invoke-Build
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
    Invoke-BuildIfStale
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
    Invoke-BuildIfStale
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
    Write-Step 'Clean: out/ and bin/, obj/ under src/ and tests/'
    if (Test-Path -LiteralPath $outDir) {
        Remove-Item -LiteralPath $outDir -Recurse -Force
    }
    foreach ($top in 'src', 'tests') {
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
    $platyPS = Get-Module -ListAvailable -Name Microsoft.PowerShell.PlatyPS |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if (-not $platyPS) {
        Write-Warning 'Microsoft.PowerShell.PlatyPS is not installed: skipping external help. Install it with: Install-PSResource Microsoft.PowerShell.PlatyPS'
        return
    }
    Invoke-BuildIfStale

    $helpDir = Join-Path $moduleDir 'en-US'
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
        # Get-Help finds a binary module's cmdlet help by the dll's name: en-US/AwsPatch.dll-Help.xml.
        $null = New-Item -ItemType Directory -Path $helpDir -Force
        Copy-Item -LiteralPath $maml[0].FullName -Destination (Join-Path $helpDir "$moduleName.dll-Help.xml") -Force
    }
    finally {
        if (Test-Path -LiteralPath $exportDir) {
            Remove-Item -LiteralPath $exportDir -Recurse -Force
        }
    }
    foreach ($about in Get-ChildItem -LiteralPath $docsDir -Filter 'about_*.md' -File) {
        # Get-Help about_AwsPatch reads a plain-text about_*.help.txt; the markdown reads well as text.
        Copy-Item -LiteralPath $about.FullName -Destination (Join-Path $helpDir ($about.BaseName + '.help.txt')) -Force
    }
    Write-Host "Help: $helpDir"
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
