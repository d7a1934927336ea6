#Requires -Version 5.1
<#
    Pester 5 smoke tests of the staged module (out/AwsPatch/), run by ./build.ps1 -Task Test where Pester 5 is
    installed. They need no AWS account and no sandbox: they check what a user meets right after Import-Module,
    in Windows PowerShell 5.1 as in PowerShell 7. The behaviour tests live in tests/AwsPatch.Tests (dotnet test).
#>

BeforeDiscovery {
    $manifestPath = Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1'
    $cmdletNames = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport)
    $hasExternalHelp = Test-Path -LiteralPath (Join-Path $PSScriptRoot '../../out/AwsPatch/en-US/AwsPatch.dll-Help.xml')
}

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

    It '<_> has a synopsis and an example in its help' -ForEach $cmdletNames -Skip:(-not $hasExternalHelp) {
        $help = Get-Help -Name $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
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
