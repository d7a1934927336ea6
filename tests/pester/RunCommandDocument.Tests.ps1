#Requires -Version 7.4
<#
    examples/ssm/AwsPatch-PatchWorkflow.json, the sample SSM Command document: its shape (schemaVersion 2.2, typed
    parameters with valid defaults, one aws:runPowerShellScript step per platform behind a platformType
    precondition), and its script body run as Run Command runs it: parameters substituted, in a child
    pwsh -NonInteractive, against the sandbox with credentials from the environment (the SDK chain an instance profile
    feeds), AwsPatch installed from a PSResource repository (a temp folder holding out/package's nupkg) into the
    child's temp HOME. It must exit 0 after a clean install, non-zero when Systems Manager refuses, and log plain lines.

    Needs the sandbox: started from src/AwsPatch.Sandbox on a free port, or the one at AWSPATCH_SANDBOX_ENDPOINT
    (e.g. http://127.0.0.1:4566) when that environment variable is set (it is reset, and its clock rate restored after).
#>

BeforeDiscovery {
    $documentPath = Join-Path $PSScriptRoot '../../examples/ssm/AwsPatch-PatchWorkflow.json'
    $document = Get-Content -LiteralPath $documentPath -Raw | ConvertFrom-Json
    $stepCases = @($document.mainSteps | ForEach-Object { @{ Step = $_ } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSandbox.ps1')
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $documentPath = Join-Path $root 'examples/ssm/AwsPatch-PatchWorkflow.json'
    $document = Get-Content -LiteralPath $documentPath -Raw | ConvertFrom-Json
    $version = (Import-PowerShellDataFile -Path (Join-Path $root 'out/AwsPatch/AwsPatch.psd1')).ModuleVersion
    $package = Join-Path $root "out/package/AwsPatch.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        & (Join-Path $root 'build.ps1') -Task Package *>&1 | Out-Null
    }
    $sandbox = Start-TestSandbox
    $clock = Invoke-RestMethod -Uri "$($sandbox.Endpoint)/_sandbox/clock"
    # A fast clock: one poll of the module's real interval sees snapshots and commands finish.
    $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/clock/rate?value=300"

    # Runs a script in a child pwsh -NonInteractive with the sandbox's endpoint and keys in the environment (the SDK
    # default chain, as an instance profile would be) plus Environment; restores this process's environment after.
    function Invoke-ChildPwsh([string] $File, [string[]] $Arguments = @(), [hashtable] $Environment = @{}) {
        $variables = @{
            AWS_ENDPOINT_URL = $sandbox.Endpoint; AWS_REGION = 'us-east-1'
            AWS_ACCESS_KEY_ID = 'AKIASANDBOXRUNNER01'; AWS_SECRET_ACCESS_KEY = 'sandbox-runner-secret'
        } + $Environment
        $saved = @{}
        foreach ($key in $variables.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key) }
        $pwsh = Get-PwshCommand
        try {
            foreach ($key in $variables.Keys) { [Environment]::SetEnvironmentVariable($key, $variables[$key]) }
            $output = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -File $File @Arguments 2>&1 | Out-String
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output }
        }
        finally {
            foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
        }
    }

    # Runs the Linux step's script body as Run Command would: {{ Name }} replaced by the parameter's value.
    function Invoke-DocumentScript([hashtable] $Parameters = @{}) {
        $step = $document.mainSteps | Where-Object { $_.precondition.StringEquals[1] -eq 'Linux' }
        $script = $step.inputs.runCommand -join "`n"
        foreach ($name in $document.parameters.PSObject.Properties.Name) {
            $value = if ($Parameters.ContainsKey($name)) { $Parameters[$name] } else { $document.parameters.$name.default }
            $script = $script.Replace("{{ $name }}", $value)
        }
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        $userHome = Join-Path $folder 'home'
        $repository = Join-Path $folder 'repository'
        $null = New-Item -ItemType Directory -Path (Join-Path $userHome '.local/share'), $repository -Force
        Copy-Item -LiteralPath $package -Destination $repository
        $file = Join-Path $folder 'script.ps1'
        # The runner has the repository registered (PSGallery on a real one); the script installs from it.
        Set-Content -LiteralPath $file -Value ("Register-PSResourceRepository -Name AwsPatchLocal -Uri '$repository' -Trusted`n" + $script)

        $run = Invoke-ChildPwsh -File $file -Environment @{ HOME = $userHome; XDG_DATA_HOME = (Join-Path $userHome '.local/share'); PSModulePath = $null }
        $exitCode, $output = $run.ExitCode, $run.Output
        [pscustomobject]@{ ExitCode = $exitCode; Output = $output; Home = $userHome }
    }
}

AfterAll {
    if ($sandbox) {
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/clock/rate?value=$($clock.rate)"
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/reset"
    }
    Stop-TestSandbox $sandbox
}

Describe 'The SSM Command document' {
    It 'is schemaVersion 2.2 with a description' {
        $document.schemaVersion | Should -Be '2.2'
        $document.description | Should -Match 'AwsPatch'
    }

    It 'declares typed parameters whose defaults are allowed' {
        foreach ($parameter in $document.parameters.PSObject.Properties) {
            $parameter.Value.type | Should -Be 'String'
            $parameter.Value.description | Should -Not -BeNullOrEmpty
            if ($parameter.Value.allowedValues) { $parameter.Value.allowedValues | Should -Contain $parameter.Value.default }
            if ($parameter.Value.allowedPattern) { $parameter.Value.default | Should -Match $parameter.Value.allowedPattern }
        }
        $document.parameters.PSObject.Properties.Name | Should -Contain 'Operation'
        $document.parameters.Operation.allowedValues | Should -Be @('Scan', 'Install')
    }

    It 'uses every parameter it declares, and only those' {
        $text = ($document.mainSteps.inputs.runCommand -join "`n")
        $used = [regex]::Matches($text, '\{\{\s*(\w+)\s*\}\}') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        $used | Should -Be ($document.parameters.PSObject.Properties.Name | Sort-Object)
    }

    It 'has one step for Windows and one for Linux' {
        @($document.mainSteps.precondition.StringEquals | Where-Object { $_ -ne 'platformType' }) | Sort-Object | Should -Be @('Linux', 'Windows')
        ($document.mainSteps.name | Sort-Object -Unique).Count | Should -Be 2
    }

    It 'step <Step.name> runs PowerShell behind a platformType precondition, without prompts' -ForEach $stepCases {
        $Step.action | Should -Be 'aws:runPowerShellScript'
        $Step.precondition.StringEquals[0] | Should -Be 'platformType'
        [int]$Step.inputs.timeoutSeconds | Should -BeGreaterThan 3600
        $text = $Step.inputs.runCommand -join "`n"
        $text | Should -Match 'Invoke-PatchRun[^\n]+@run'
        $text | Should -Match 'Force = \$true'
        $text | Should -Not -Match 'AccessKey|SecretKey|ProfileName'
        $errors = $null
        [System.Management.Automation.Language.Parser]::ParseInput($text, [ref]$null, [ref]$errors) | Out-Null
        $errors | Should -BeNullOrEmpty
    }
}

Describe 'The document''s script, run against the sandbox' {
    BeforeAll {
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/reset"
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/clock/rate?value=300"
        $install = Invoke-DocumentScript @{ Operation = 'Install'; ModuleRepository = 'AwsPatchLocal'; InstallScope = 'CurrentUser' }
    }

    It 'installs AwsPatch, snapshots and patches the staging instances and exits 0' {
        $install.ExitCode | Should -Be 0 -Because $install.Output
        $install.Output | Should -Match "Installing AwsPatch $version from AwsPatchLocal"
        $install.Output | Should -Match 'DONE: \d+ instances, all Success'
        $install.Output | Should -Match '(?m)^\S+ i-[0-9a-f]+ Install Success Success run run-'
        Join-Path $install.Home ".local/share/powershell/Modules/AwsPatch/$version/AwsPatch.psd1" | Should -Exist
    }

    It 'logs plain lines: no escape sequences, no progress, no prompt' {
        $install.Output | Should -Not -Match "`e\["
        $install.Output | Should -Not -Match 'Confirm|\[Y\] Yes'
        $install.Output | Should -Match '(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ Compliance us-east-1: '
        $install.Output | Should -Not -Match 'sandbox-runner-secret'
    }

    It 'exits non-zero and says why when Systems Manager refuses to send the command' {
        $faults = @{ Operations = @{ 'ssm:SendCommand' = @{ Denied = $true } } } | ConvertTo-Json -Depth 5
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/faults" -Body $faults -ContentType 'application/json'
        try {
            $refused = Invoke-DocumentScript @{ Operation = 'Scan'; ModuleRepository = 'AwsPatchLocal'; InstallScope = 'CurrentUser' }
        }
        finally {
            $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/faults" -Body '{}' -ContentType 'application/json'
        }
        $refused.ExitCode | Should -Not -Be 0 -Because $refused.Output
        $refused.Output | Should -Match 'ERROR i-[0-9a-f]+: .*(denied|not authorized)'
        $refused.Output | Should -Match 'FAILED: '
    }

    It 'exits non-zero when no instance carries the tag' {
        $none = Invoke-DocumentScript @{ TargetTagValue = 'no-such-environment'; ModuleRepository = 'AwsPatchLocal'; InstallScope = 'CurrentUser' }
        $none.ExitCode | Should -Not -Be 0
        $none.Output | Should -Match 'FAILED: .*Environment=no-such-environment'
    }
}

Describe 'examples/Invoke-PatchRunbook.ps1, run against the sandbox' {
    BeforeAll {
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/reset"
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/clock/rate?value=300"
        $report = Join-Path $TestDrive 'runbook/report.html'
        $modules = Join-Path $root 'out'
        $runbook = Invoke-ChildPwsh -File (Join-Path $root 'examples/Invoke-PatchRunbook.ps1') -Arguments @('-ReportPath', $report) `
            -Environment @{ PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath }
    }

    It 'patches staging, then production, writes the report and exits 0, in plain log lines' {
        $runbook.ExitCode | Should -Be 0 -Because $runbook.Output
        $runbook.Output | Should -Match '(?m)^\S+ staging: Install on \d+ instances'
        $runbook.Output | Should -Match '(?m)^\S+ production: Install on \d+ instances'
        $runbook.Output | Should -Match 'DONE: staging and production patched'
        $runbook.Output | Should -Not -Match "`e\["
        $report | Should -Exist
    }

    It 'leaves production alone and exits 1 when staging fails' {
        $faults = @{ Operations = @{ 'ssm:SendCommand' = @{ Denied = $true } } } | ConvertTo-Json -Depth 5
        $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/faults" -Body $faults -ContentType 'application/json'
        try {
            $failed = Invoke-ChildPwsh -File (Join-Path $root 'examples/Invoke-PatchRunbook.ps1') -Arguments @('-Operation', 'Scan') `
                -Environment @{ PSModulePath = (Join-Path $root 'out') + [System.IO.Path]::PathSeparator + $env:PSModulePath }
        }
        finally {
            $null = Invoke-RestMethod -Method Post -Uri "$($sandbox.Endpoint)/_sandbox/faults" -Body '{}' -ContentType 'application/json'
        }
        $failed.ExitCode | Should -Be 1 -Because $failed.Output
        $failed.Output | Should -Match 'FAILED: staging did not patch cleanly; production is left alone'
        $failed.Output | Should -Not -Match 'production: '
    }
}
