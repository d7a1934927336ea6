<#
    Dot-sourced by the Pester files that talk to the AWS sandbox.

    Connect-TestSandbox: PesterSuiteTests (run by `dotnet test`) starts an in-process sandbox and passes its endpoint
    in AWSPATCH_SANDBOX_ENDPOINT; Connect-TestSandbox resets it and points AwsPatch at it the way the README tells a
    user to. To run a file by hand, start one (`dotnet run --project src/AwsPatch.Sandbox -- --port 4566`) and set
    the variable to http://127.0.0.1:4566.

    Start-TestSandbox: for files that need a sandbox of their own (other options, a child pwsh): starts the built
    sandbox (src/AwsPatch.Sandbox, built first when missing) on a free port and returns its endpoint; when
    AWSPATCH_SANDBOX_ENDPOINT is set it uses that sandbox instead and starts nothing. Stop-TestSandbox stops only a
    sandbox this file started. Sandbox state is shared: reset it (POST /_sandbox/reset) before a test relies on it.
#>

function Connect-TestSandbox {
    <# Resets the sandbox (fleet, clock, faults) and points AwsPatch at it the way the README tells a user to. #>
    $endpoint = $env:AWSPATCH_SANDBOX_ENDPOINT
    if (-not $endpoint) {
        throw 'AWSPATCH_SANDBOX_ENDPOINT is not set: run the suite with `dotnet test`, or start the sandbox (dotnet run --project src/AwsPatch.Sandbox -- --port 4566) and set it to http://127.0.0.1:4566.'
    }
    $null = Invoke-RestMethod -Method Post -Uri "$endpoint/_sandbox/reset"
    $env:AWS_ENDPOINT_URL = $endpoint
    $env:AWS_ACCESS_KEY_ID = 'AKIASANDBOXEXAMPLE'
    $env:AWS_SECRET_ACCESS_KEY = 'sandbox-secret'
    $env:AWS_REGION = 'us-east-1'
    $endpoint
}

function Disconnect-TestSandbox {
    Remove-Item -Path Env:AWS_ENDPOINT_URL, Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_REGION -ErrorAction SilentlyContinue
}

function Move-TestSandboxClock([double] $Seconds) {
    <# Moves the sandbox's simulated clock: pending snapshots and commands progress as that much time passed. #>
    $null = Invoke-RestMethod -Method Post -Uri "$($env:AWSPATCH_SANDBOX_ENDPOINT)/_sandbox/clock/advance?seconds=$Seconds"
}

function Set-TestSandboxRequestStep([double] $Seconds) {
    <# Makes every AWS request move the sandbox's simulated clock $Seconds (0: only Move-TestSandboxClock moves it). A reset keeps the step. #>
    $null = Invoke-RestMethod -Method Post -Uri "$($env:AWSPATCH_SANDBOX_ENDPOINT)/_sandbox/clock/per-request?seconds=$Seconds"
}

function Start-TestSandbox {
    param([string[]] $ArgumentList = @())

    if ($env:AWSPATCH_SANDBOX_ENDPOINT) {
        return [pscustomobject]@{ Endpoint = $env:AWSPATCH_SANDBOX_ENDPOINT.TrimEnd('/'); Process = $null; Log = $null }
    }

    $project = Join-Path $PSScriptRoot '../../src/AwsPatch.Sandbox'
    $dll = Get-ChildItem -Path (Join-Path $project 'bin/*/net10.0/AwsPatch.Sandbox.dll') -File -ErrorAction SilentlyContinue |
        Sort-Object -Property LastWriteTimeUtc -Descending | Select-Object -First 1
    if (-not $dll) {
        dotnet build $project --nologo | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "dotnet build $project failed with exit code $LASTEXITCODE." }
        $dll = Get-ChildItem -Path (Join-Path $project 'bin/*/net10.0/AwsPatch.Sandbox.dll') -File | Select-Object -First 1
    }

    $log = Join-Path ([System.IO.Path]::GetTempPath()) ('awspatch-sandbox-' + [guid]::NewGuid().ToString('N') + '.log')
    $process = Start-Process -FilePath 'dotnet' -ArgumentList (@($dll.FullName, '--port', '0') + $ArgumentList) -PassThru `
        -RedirectStandardOutput $log -RedirectStandardError "$log.err"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        $banner = if (Test-Path -LiteralPath $log) { Get-Content -LiteralPath $log -Raw } else { '' }
        if ($banner -match 'listening on (http://[^\s]+)') {
            return [pscustomobject]@{ Endpoint = $Matches[1]; Process = $process; Log = $log }
        }
        if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) {
            $errors = if (Test-Path -LiteralPath "$log.err") { Get-Content -LiteralPath "$log.err" -Raw } else { '' }
            if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force }
            throw "The sandbox did not start: $banner $errors"
        }
        Start-Sleep -Milliseconds 100
    }
}

function Stop-TestSandbox {
    param($Sandbox)

    if ($Sandbox -and $Sandbox.Process) {
        if (-not $Sandbox.Process.HasExited) {
            Stop-Process -Id $Sandbox.Process.Id -Force
            $Sandbox.Process.WaitForExit(10000) | Out-Null
        }
        Remove-Item -LiteralPath $Sandbox.Log, "$($Sandbox.Log).err" -ErrorAction SilentlyContinue
    }
}

# The pwsh that runs these tests, as a command line for a child process (a .NET tool's pwsh runs through dotnet).
function Get-PwshCommand {
    $process = [Environment]::ProcessPath
    if ((Split-Path -Leaf $process) -match '^dotnet(\.exe)?$') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}
