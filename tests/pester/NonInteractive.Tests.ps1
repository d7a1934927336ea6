#Requires -Version 5.1
<#
    Unattended means unattended: the staged module (out/AwsPatch/, from ./build.ps1 -Task Build) in a child
    `pwsh -NonInteractive` (powershell.exe -NonInteractive on Windows PowerShell), as runbooks and SSM Run Command
    documents run it, against the AwsPatch sandbox.

    Sandbox: $env:AWSPATCH_SANDBOX_ENDPOINT when set (its state is reset by these tests), otherwise the tests start
    src/AwsPatch.Sandbox on a free port (built with dotnet build when it has not been) and stop it afterwards.
    Runs on its own: Invoke-Pester ./tests/pester/NonInteractive.Tests.ps1
#>

BeforeAll {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $manifestPath = Join-Path $root 'out/AwsPatch/AwsPatch.psd1'
    if (-not (Test-Path -LiteralPath $manifestPath)) {
        throw "The staged module $manifestPath is missing: run ./build.ps1 -Task Build first."
    }

    $sandbox = $null
    $endpoint = $env:AWSPATCH_SANDBOX_ENDPOINT
    if (-not $endpoint) {
        $project = Join-Path $root 'src/AwsPatch.Sandbox'
        $dll = Get-ChildItem -Path (Join-Path $project 'bin/*/net10.0/AwsPatch.Sandbox.dll') -ErrorAction SilentlyContinue |
            Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
        if (-not $dll) {
            dotnet build $project --nologo --verbosity quiet
            if ($LASTEXITCODE -ne 0) { throw "dotnet build $project failed with exit code $LASTEXITCODE." }
            $dll = Get-ChildItem -Path (Join-Path $project 'bin/*/net10.0/AwsPatch.Sandbox.dll') | Select-Object -First 1
        }
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $listener.Stop()
        $log = Join-Path $TestDrive 'sandbox.log'
        $sandbox = Start-Process -FilePath 'dotnet' -ArgumentList @($dll.FullName, '--port', $port) -PassThru -NoNewWindow `
            -RedirectStandardOutput $log -RedirectStandardError (Join-Path $TestDrive 'sandbox.err.log')
        $endpoint = "http://127.0.0.1:$port"
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ($true) {
            try {
                $null = Invoke-RestMethod -Uri "$endpoint/_sandbox/counters" -TimeoutSec 2
                break
            }
            catch {
                if ($sandbox.HasExited -or [DateTime]::UtcNow -gt $deadline) {
                    throw "The sandbox did not start on port $port; see $log."
                }
                Start-Sleep -Milliseconds 200
            }
        }
    }
    $endpoint = $endpoint.TrimEnd('/')

    # The child engine: this very PowerShell (pwsh, dotnet pwsh or Windows PowerShell), started with -NonInteractive.
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        $engine = @((Get-Process -Id $PID).Path)
    }
    elseif ((Split-Path -Leaf ([Environment]::ProcessPath)) -like 'dotnet*') {
        $engine = @([Environment]::ProcessPath, (Join-Path $PSHOME 'pwsh.dll'))
    }
    else {
        $engine = @([Environment]::ProcessPath)
    }

    # Runs $Script in a child `-NonInteractive` engine with the module imported and the sandbox as its AWS;
    # returns its output lines and exit code.
    function Invoke-NonInteractive([string] $Script) {
        $prelude = @"
`$ErrorActionPreference = 'Continue'
`$env:AWS_ENDPOINT_URL = '$endpoint'
`$env:AWS_ACCESS_KEY_ID = 'AKIASANDBOXPESTER01'
`$env:AWS_SECRET_ACCESS_KEY = 'sandbox-secret-pester'
`$env:AWS_REGION = 'us-east-1'
Import-Module '$manifestPath' -ErrorAction Stop
`$ids = @(Get-PatchInstance -ManagedOnly | Where-Object { `$_.State -eq 'running' -and `$_.SsmPingStatus -eq 'Online' } | Select-Object -First 2 -ExpandProperty InstanceId)
"@
        $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($prelude + "`n" + $Script))
        $exe = $engine[0]
        $arguments = @($engine | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)
        $lines = & $exe @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Lines = @($lines); Text = ($lines -join "`n"); ExitCode = $LASTEXITCODE }
    }

    function Get-Writes {
        (Invoke-RestMethod -Uri "$endpoint/_sandbox/counters").writes
    }
}

AfterAll {
    if ($sandbox -and -not $sandbox.HasExited) {
        Stop-Process -Id $sandbox.Id
        $sandbox.WaitForExit(10000) | Out-Null
    }
}

Describe 'AwsPatch under -NonInteractive' {
    BeforeEach {
        Invoke-RestMethod -Method Post -Uri "$endpoint/_sandbox/reset" | Out-Null
    }

    It 'stops an Install that would need a prompt with ConfirmationRequired, before anything is sent' {
        $run = Invoke-NonInteractive @'
Invoke-PatchRun -InstanceId $ids -Operation Install
"FQID=$($Error[0].FullyQualifiedErrorId)"
"ACTION=$($Error[0].ErrorDetails.RecommendedAction)"
'@
        $run.Text | Should -Match 'FQID=ConfirmationRequired,AwsPatch\.Commands\.InvokePatchRunCommand'
        $run.Text | Should -Match 'ACTION=.*-Force.*-Confirm:\$false'
        Get-Writes | Should -Be 0
    }

    It 'stops Remove-PatchSnapshot the same way and deletes nothing' {
        $run = Invoke-NonInteractive @'
$sets = New-PatchSnapshot -InstanceId $ids -Confirm:$false
Invoke-RestMethod -Method Post -Uri "$env:AWS_ENDPOINT_URL/_sandbox/counters/reset" | Out-Null
$sets | Remove-PatchSnapshot
"FQID=$($Error[0].FullyQualifiedErrorId)"
'@
        $run.Text | Should -Match 'FQID=ConfirmationRequired,AwsPatch\.Commands\.RemovePatchSnapshotCommand'
        Get-Writes | Should -Be 0
    }

    It 'runs the documented unattended pipeline with -Force and sends the Install' {
        $run = Invoke-NonInteractive @'
$results = Get-PatchInstance -PatchGroup web-staging -ManagedOnly | Where-Object SsmPingStatus -eq 'Online' |
    Invoke-PatchRun -Operation Install -Force
"COUNT=$(@($results).Count)"
"ERRORS=$($Error.Count)"
'@
        $run.Text | Should -Match 'ERRORS=0'
        $run.Text | Should -Match 'COUNT=[1-9]'
        (Invoke-RestMethod -Uri "$endpoint/_sandbox/counters").operations.'ssm:SendCommand' | Should -BeGreaterThan 0
    }

    It 'runs with -Confirm:$false without a prompt' {
        $run = Invoke-NonInteractive @'
$results = Invoke-PatchRun -InstanceId $ids -Operation Install -Confirm:$false
"COUNT=$(@($results).Count)"
"ERRORS=$($Error.Count)"
'@
        $run.Text | Should -Match 'ERRORS=0'
        $run.Text | Should -Match 'COUNT=2'
        $run.ExitCode | Should -Be 0
    }

    It 'sends nothing under $WhatIfPreference, even with -Force' {
        $run = Invoke-NonInteractive @'
$WhatIfPreference = $true
Invoke-PatchRun -InstanceId $ids -Operation Install -SnapshotFirst -Force
"ERRORS=$($Error.Count)"
'@
        $run.Text | Should -Match 'What if: .*Snapshot every EBS volume'
        $run.Text | Should -Match 'ERRORS=0'
        Get-Writes | Should -Be 0
    }
}
