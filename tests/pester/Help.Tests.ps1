#Requires -Version 7.0
<#
    Get-Help in real pwsh against the staged module (out/AwsPatch/AwsPatch.psd1), whose en-US/ help the build
    compiles from docs/en-US/*.md. The expected text is read here from the markdown itself, independently of the
    compiler: for every cmdlet the synopsis, the description, every parameter's description and the examples.
#>

BeforeDiscovery {
    $docsDir = Join-Path $PSScriptRoot '../../docs/en-US'
    $manifestPath = Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1'
    $cmdlets = @((Import-PowerShellDataFile -Path $manifestPath).CmdletsToExport | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $docsDir = Join-Path $PSScriptRoot '../../docs/en-US'
    Import-Module -Name (Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1') -Force -ErrorAction Stop

    # Prose as Get-Help shows it: markdown emphasis, link targets and code fences gone, whitespace collapsed.
    function ConvertTo-PlainText([string] $Markdown) {
        $text = ($Markdown -split "`n" | Where-Object { $_ -notmatch '^\s*```' }) -join ' '
        $text = $text -replace '\[([^\]]+)\]\([^)\s]+\)', '$1' -replace '\*\*|__', ''
        ($text -replace '\s+', ' ').Trim()
    }

    # The text under each '## ' (or '### ') heading of a markdown page, outside code fences.
    function Get-MarkdownSection([string] $Markdown, [string] $Level = '##') {
        $sections = [ordered]@{}
        $current = $null
        $inFence = $false
        foreach ($line in $Markdown -split "`r?`n") {
            if ($line -match '^\s*```') { $inFence = -not $inFence }
            if (-not $inFence -and $line -match "^$Level (.+)$") {
                $current = $Matches[1].Trim()
                $sections[$current] = [System.Text.StringBuilder]::new()
            }
            elseif ($null -ne $current) {
                $null = $sections[$current].AppendLine($line)
            }
        }
        $result = [ordered]@{}
        foreach ($key in $sections.Keys) { $result[$key] = $sections[$key].ToString() }
        $result
    }

    function Get-CmdletMarkdown([string] $Name) {
        $markdown = Get-Content -LiteralPath (Join-Path $docsDir "$Name.md") -Raw
        $sections = Get-MarkdownSection $markdown
        $parameters = [ordered]@{}
        $types = @{}
        $parameterSections = Get-MarkdownSection $sections['PARAMETERS'] '###'
        foreach ($heading in $parameterSections.Keys | Where-Object { $_ -like '-*' }) {
            $body = $parameterSections[$heading]
            $parameters[$heading.Substring(1)] = ConvertTo-PlainText ($body -replace '(?s)```yaml.*?```', '')
            $types[$heading.Substring(1)] = [regex]::Match($body, '(?m)^Type:\s*(.+?)\s*$').Groups[1].Value
        }
        $exampleSections = Get-MarkdownSection $sections['EXAMPLES'] '###'
        $examples = foreach ($heading in $exampleSections.Keys) {
            $code = [regex]::Match($exampleSections[$heading], '(?s)```powershell\r?\n(.*?)\r?\n```').Groups[1].Value
            [pscustomobject]@{ Title = $heading; Code = $code.Trim() }
        }
        $frontMatter = [regex]::Match($markdown, '(?m)^HelpUri:\s*(\S+)\s*$').Groups[1].Value
        [pscustomobject]@{
            Synopsis    = ConvertTo-PlainText $sections['SYNOPSIS']
            Description = ConvertTo-PlainText $sections['DESCRIPTION']
            Parameters  = $parameters
            Types       = $types
            Examples    = @($examples)
            HelpUri     = $frontMatter
        }
    }

    function Get-HelpText($Paragraphs) { ConvertTo-PlainText (@($Paragraphs | ForEach-Object Text) -join ' ') }
}

AfterAll {
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
}

Describe 'Get-Help <Name>' -ForEach $cmdlets {
    BeforeAll {
        $doc = Get-CmdletMarkdown $Name
        $help = Get-Help -Name $Name -Full
    }

    It 'shows the synopsis from the markdown' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        ConvertTo-PlainText $help.Synopsis | Should -BeExactly $doc.Synopsis
    }

    It 'shows the description from the markdown' {
        Get-HelpText $help.description | Should -BeExactly $doc.Description
    }

    # The parameter checks gather every difference and assert once: all of them show at once, and fast.
    It 'describes every parameter as the markdown does' {
        $doc.Parameters.Count | Should -BeGreaterThan 0
        $differences = foreach ($parameter in $doc.Parameters.Keys) {
            # The entry Get-Help -Name $Name -Parameter $parameter shows (asking that way costs a help search each time).
            $shown = $help.parameters.parameter | Where-Object name -EQ $parameter
            if (-not $doc.Parameters[$parameter]) { "-$parameter has no description in the markdown" }
            elseif (-not $shown) { "Get-Help $Name does not show -$parameter" }
            elseif ((Get-HelpText $shown.description) -cne $doc.Parameters[$parameter]) {
                "-$parameter shows '$(Get-HelpText $shown.description)', the markdown says '$($doc.Parameters[$parameter])'"
            }
        }
        $differences | Should -BeNullOrEmpty
    }

    It 'shows each parameter''s documented type, and whether it is required and takes pipeline input as the cmdlet does' {
        $command = Get-Command -Name $Name
        @($help.parameters.parameter).Count | Should -Be $doc.Parameters.Count
        $differences = foreach ($shown in $help.parameters.parameter) {
            $metadata = $command.Parameters[$shown.name]
            $required = (@($metadata.ParameterSets.Values | Where-Object IsMandatory).Count -gt 0).ToString().ToLowerInvariant()
            $byName = @($metadata.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName).Count -gt 0
            $byValue = @($metadata.ParameterSets.Values | Where-Object ValueFromPipeline).Count -gt 0
            if ($shown.type.name -cne $doc.Types[$shown.name]) { "-$($shown.name): type '$($shown.type.name)', the markdown says '$($doc.Types[$shown.name])'" }
            if ($shown.required -ne $required) { "-$($shown.name): required '$($shown.required)', the cmdlet: $required" }
            if (($shown.pipelineInput -match 'ByPropertyName') -ne $byName) { "-$($shown.name): pipeline input '$($shown.pipelineInput)', by property name: $byName" }
            if (($shown.pipelineInput -match 'ByValue') -ne $byValue) { "-$($shown.name): pipeline input '$($shown.pipelineInput)', by value: $byValue" }
        }
        $differences | Should -BeNullOrEmpty
    }

    It 'has at least two examples, with the markdown''s titles and code' {
        $shown = @($help.examples.example)
        $shown.Count | Should -BeGreaterOrEqual 2
        $shown.Count | Should -Be $doc.Examples.Count
        for ($i = 0; $i -lt $shown.Count; $i++) {
            $shown[$i].title | Should -Match ([regex]::Escape($doc.Examples[$i].Title))
            $shown[$i].code.Replace("`r`n", "`n") | Should -BeLike "$([WildcardPattern]::Escape($doc.Examples[$i].Code.Replace("`r`n", "`n")))*"
            (Get-HelpText $shown[$i].remarks) | Should -Not -BeNullOrEmpty
        }
    }

    It 'opens the documented HelpUri with -Online' {
        $doc.HelpUri | Should -Match '^https://'
        if ($IsWindows) {
            # Windows opens the default browser itself; the URI it is handed is the command's HelpUri.
            (Get-Command -Name $Name).HelpUri | Should -Be $doc.HelpUri
            return
        }
        # .NET opens a URL on Linux with xdg-open (open on macOS) from PATH: a stand-in records what it was given.
        $opened = Join-Path $TestDrive "$Name.opened"
        $bin = Join-Path $TestDrive 'bin'
        $null = New-Item -ItemType Directory -Path $bin -Force
        foreach ($opener in 'xdg-open', 'open') {
            # Write, then rename: the test never reads a half-written file.
            Set-Content -LiteralPath (Join-Path $bin $opener) -Value "#!/bin/sh`nprintf '%s' `"`$1`" > `"`$AWSPATCH_OPENED.tmp`" && mv `"`$AWSPATCH_OPENED.tmp`" `"`$AWSPATCH_OPENED`"`n"
            chmod +x (Join-Path $bin $opener)
        }
        $path = $env:PATH
        try {
            $env:PATH = $bin + [System.IO.Path]::PathSeparator + $path
            $env:AWSPATCH_OPENED = $opened
            Get-Help -Name $Name -Online
        }
        finally {
            $env:PATH = $path
            Remove-Item Env:AWSPATCH_OPENED
        }
        # The stand-in runs as its own process: give it up to ten seconds to write.
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        while (-not (Test-Path -LiteralPath $opened) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        Get-Content -LiteralPath $opened -Raw | Should -BeExactly $doc.HelpUri
    }
}

Describe 'Get-Help about_AwsPatch' {
    BeforeAll {
        $about = Get-MarkdownSection (Get-Content -LiteralPath (Join-Path $docsDir 'about_AwsPatch.md') -Raw)
        $text = Get-Help -Name about_AwsPatch | Out-String
    }

    It 'finds the topic in the staged module' {
        $topic = Get-Help -Name about_AwsPatch
        $topic | Should -Not -BeNullOrEmpty
        $topic.Category | Should -Be 'HelpFile'
        $text | Should -Match 'TOPIC\s+about_AwsPatch'
    }

    It 'shows the short and the long description from the markdown' {
        ConvertTo-PlainText $text | Should -Match ([regex]::Escape((ConvertTo-PlainText $about['Short description'])))
        $firstParagraph = ($about['Long description'].Trim() -split "(`r?`n){2}")[0]
        ConvertTo-PlainText $text | Should -Match ([regex]::Escape((ConvertTo-PlainText $firstParagraph)))
    }

    It 'is listed by Get-Help about_*' {
        (Get-Help -Name 'about_Aws*').Name | Should -Contain 'about_AwsPatch'
    }
}
