#Requires -Version 7.4
<#
    ./build.ps1 -Task Package writes a PowerShell Gallery-ready AwsPatch.<version>.nupkg of out/AwsPatch/AwsPatch.psd1
    (with LICENSE) through PSResourceGet's Compress-PSResource, rebuilding out/AwsPatch first when it is stale. The
    package is then installed the way a user installs it: from a registered PSResource repository (a temp folder) into
    a temp path, in a child pwsh whose HOME is a temp folder too (so no repository registration or module install
    reaches this machine's profile), imported, and run against the sandbox.

    Needs the sandbox: started from src/AwsPatch.Sandbox on a free port, or the one at AWSPATCH_SANDBOX_ENDPOINT
    (e.g. http://127.0.0.1:4566) when that environment variable is set.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSandbox.ps1')
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $buildScript = Join-Path $root 'build.ps1'
    $version = (Import-PowerShellDataFile -Path (Join-Path $root 'AwsPatch.psd1')).ModuleVersion
    $package = Join-Path $root "out/package/AwsPatch.$version.nupkg"
    $stagedDll = Join-Path $root 'out/AwsPatch/AwsPatch.dll'

    # A stale staged module (its dll older than every source) must be rebuilt before it is packaged.
    if (Test-Path -LiteralPath $stagedDll) {
        (Get-Item -LiteralPath $stagedDll).LastWriteTimeUtc = [datetime]::new(2000, 1, 1, 0, 0, 0, [DateTimeKind]::Utc)
    }
    $buildOutput = & $buildScript -Task Package *>&1 | Out-String
    $sandbox = Start-TestSandbox
}

AfterAll {
    Stop-TestSandbox $sandbox
}

Describe './build.ps1 -Task Package' {
    It 'rebuilt the stale out/AwsPatch first' {
        $buildOutput | Should -Match '==> Build .*stage .*out[\\/]AwsPatch'
        (Get-Item -LiteralPath $stagedDll).LastWriteTimeUtc.Year | Should -BeGreaterThan 2000
    }

    It 'writes out/package/AwsPatch.<version>.nupkg with the module files, its manifest and LICENSE' {
        $package | Should -Exist
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
        try {
            $names = @($zip.Entries.FullName)
            $nuspec = [xml](New-Object System.IO.StreamReader($zip.GetEntry('AwsPatch.nuspec').Open())).ReadToEnd()
        }
        finally {
            $zip.Dispose()
        }
        foreach ($file in 'AwsPatch.psd1', 'AwsPatch.dll', 'AwsPatch.Format.ps1xml', 'AWSSDK.Core.dll', 'LICENSE') {
            $names | Should -Contain $file
        }
        $nuspec.package.metadata.id | Should -Be 'AwsPatch'
        $nuspec.package.metadata.version | Should -Be $version
        $nuspec.package.metadata.licenseUrl | Should -Match '/LICENSE$'
        $nuspec.package.metadata.tags | Should -Match '\bPSModule\b'
    }

    It 'ships the LICENSE the manifest''s LicenseUri names' {
        $licenseUri = (Import-PowerShellDataFile -Path (Join-Path $root 'AwsPatch.psd1')).PrivateData.PSData.LicenseUri
        (Split-Path -Leaf $licenseUri) | Should -Be 'LICENSE'
        Join-Path $root 'LICENSE' | Should -FileContentMatch 'MIT License'
    }
}

Describe 'The package, installed from a local PSResource repository' {
    BeforeAll {
        $userHome = Join-Path $TestDrive 'home'
        $repository = Join-Path $TestDrive 'repository'
        $modules = Join-Path $TestDrive 'modules'
        # .NET reports no local-data folder (and PSResourceGet then writes its repository list into the current
        # directory) unless the folder exists.
        $null = New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share'), $repository, $modules -Force
        Copy-Item -LiteralPath $package -Destination $repository

        $script = {
            param($Repository, $Modules, $Version, $Endpoint)
            $ErrorActionPreference = 'Stop'
            $name = 'AwsPatchTest' + [guid]::NewGuid().ToString('N').Substring(0, 8)
            Register-PSResourceRepository -Name $name -Uri $Repository -Trusted
            try {
                $found = Find-PSResource -Name AwsPatch -Repository $name
                Save-PSResource -Name AwsPatch -Version $Version -Repository $name -Path $Modules -TrustRepository -Quiet
            }
            finally {
                Unregister-PSResourceRepository -Name $name
            }
            Import-Module -Name (Join-Path $Modules "AwsPatch/$Version/AwsPatch.psd1") -ErrorAction Stop
            $instances = @(Get-PatchInstance -EndpointUrl $Endpoint -Region us-east-1 -AccessKey AKIASANDBOXPACKAGE -SecretKey sandbox-secret)
            [pscustomobject]@{
                Found     = "$($found.Name) $($found.Version)"
                LoadedFrom = (Get-Module AwsPatch).ModuleBase
                Instances = $instances.Count
                FirstType = $instances[0].GetType().FullName
            } | ConvertTo-Json -Compress
        }
        $pwsh = Get-PwshCommand
        $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-Command',
            "& { $script } -Repository '$repository' -Modules '$modules' -Version '$version' -Endpoint '$($sandbox.Endpoint)'")
        $savedHome, $savedData = $env:HOME, $env:XDG_DATA_HOME
        try {
            # The child's user profile is the temp folder: PSResourceGet's repository list lives under it.
            $env:HOME = $userHome
            $env:XDG_DATA_HOME = Join-Path $userHome '.local/share'
            $output = & $pwsh[0] @arguments 2>&1 | Out-String
            $exitCode = $LASTEXITCODE
        }
        finally {
            $env:HOME, $env:XDG_DATA_HOME = $savedHome, $savedData
        }
        $result = ($output -split '\r?\n' | Where-Object { $_ -match '^\{' } | Select-Object -Last 1) | ConvertFrom-Json
    }

    It 'installs, imports and runs Get-PatchInstance against the sandbox' {
        $exitCode | Should -Be 0 -Because $output
        $result.Found | Should -Be "AwsPatch $version"
        $result.LoadedFrom | Should -BeLike "$modules*"
        $result.Instances | Should -BeGreaterThan 0
        $result.FirstType | Should -Be 'AwsPatch.PatchInstance'
    }

    It 'left this machine''s own repository list alone' {
        (Get-PSResourceRepository).Name | Should -Not -Match '^AwsPatchTest'
        if ($IsLinux) { Join-Path $userHome '.local/share/PSResourceGet/PSResourceRepository.xml' | Should -Exist }
        Join-Path $root 'PSResourceGet' | Should -Not -Exist
    }
}
