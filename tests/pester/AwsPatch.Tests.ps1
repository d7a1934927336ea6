#Requires -Version 5.1
<#
    What a user meets right after Import-Module of the staged module (out/AwsPatch/), in Windows PowerShell 5.1 as
    in PowerShell 7: no AWS account and no sandbox needed. Run by `dotnet test` (Pester/PesterSuiteTests.cs) in
    pwsh 7.6.9 with the other tests/pester files: Cmdlets.Tests.ps1 (each cmdlet against the sandbox) and
    Help.Tests.ps1 (Get-Help).
#>

BeforeAll {
    $manifestPath = Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1'
    Import-Module -Name $manifestPath -Force -ErrorAction Stop
}

AfterAll {
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
}

Describe 'The AwsPatch module' {
    It 'has a valid manifest' {
        Test-ModuleManifest -Path $manifestPath -ErrorAction Stop | Should -Not -BeNullOrEmpty
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $listed = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport | Sort-Object)
        $exported = @((Get-Command -Module AwsPatch -CommandType Cmdlet).Name | Sort-Object)
        $exported | Should -Be $listed
    }

    It 'loads its table views' {
        Get-FormatData -TypeName AwsPatch.PatchInstance | Should -Not -BeNullOrEmpty
        Get-FormatData -TypeName AwsPatch.PatchCompliance | Should -Not -BeNullOrEmpty
    }

    It 'ships its external help beside the dll, and no System.Management.Automation' {
        $moduleDir = Split-Path -Parent $manifestPath
        Join-Path $moduleDir 'en-US/AwsPatch.dll-Help.xml' | Should -Exist
        Join-Path $moduleDir 'en-US/about_AwsPatch.help.txt' | Should -Exist
        Join-Path $moduleDir 'System.Management.Automation.dll' | Should -Not -Exist
        (Get-Module -Name AwsPatch).ModuleBase | Should -Be (Get-Item -LiteralPath $moduleDir).FullName
    }
}

Describe 'Export-PatchReport, which needs no AWS session' {
    BeforeAll {
        $compliance = [AwsPatch.PatchCompliance]@{
            InstanceId      = 'i-0123456789abcdef0'
            ComplianceState = 'NonCompliant'
            MissingCount    = 3
            Region          = 'us-east-1'
        }
    }

    It 'writes nothing under -WhatIf' {
        $path = Join-Path $TestDrive 'whatif/report.html'
        $compliance | Export-PatchReport -Path $path -WhatIf
        Test-Path -LiteralPath (Join-Path $TestDrive 'whatif') | Should -BeFalse
    }

    It 'writes one self-contained HTML file and returns it with -PassThru' {
        $path = Join-Path $TestDrive 'report.html'
        $file = $compliance | Export-PatchReport -Path $path -PassThru
        $file.FullName | Should -Be (Get-Item -LiteralPath $path).FullName
        Get-Content -LiteralPath $path -Raw | Should -Match '<svg'
    }

    It 'does not overwrite a file without -Force' {
        $path = Join-Path $TestDrive 'existing.html'
        Set-Content -LiteralPath $path -Value 'keep me'
        { $compliance | Export-PatchReport -Path $path -ErrorAction Stop } | Should -Throw
        Get-Content -LiteralPath $path -Raw | Should -Match 'keep me'
    }
}
