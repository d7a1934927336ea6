<#
    Dot-sourced by the Pester files that talk to the AWS sandbox. PesterSuiteTests (run by `dotnet test`) starts an
    in-process sandbox and passes its endpoint in AWSPATCH_SANDBOX_ENDPOINT; to run a file by hand, start one
    (`dotnet run --project tests/AwsPatch.Sandbox -- --port 4566`) and set the variable to http://127.0.0.1:4566.
#>

function Connect-TestSandbox {
    <# Resets the sandbox (fleet, clock, faults) and points AwsPatch at it the way the README tells a user to. #>
    $endpoint = $env:AWSPATCH_SANDBOX_ENDPOINT
    if (-not $endpoint) {
        throw 'AWSPATCH_SANDBOX_ENDPOINT is not set: run the suite with `dotnet test`, or start the sandbox (dotnet run --project tests/AwsPatch.Sandbox -- --port 4566) and set it to http://127.0.0.1:4566.'
    }
    $null = Invoke-RestMethod -Method Post -Uri "$endpoint/_sandbox/reset"
    $env:AWS_ENDPOINT_URL = $endpoint
    $env:AWS_ACCESS_KEY_ID = 'sandbox'
    $env:AWS_SECRET_ACCESS_KEY = 'sandbox'
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
