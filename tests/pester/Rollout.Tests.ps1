#Requires -Version 7.0
<#
    Invoke-PatchRollout in real pwsh against the staged module (issue 14's "done when"): a rollout that patches
    canary, staging and production with one pinned baseline snapshot; a failed canary that stops it before anything
    else is patched; a failed staging wave that is rolled back from its snapshots while production is left alone,
    and Export-PatchReport's rendering of it; a rollout whose process is killed mid-wave, resumed by
    Resume-PatchRollout from this process; -WhatIf writing nothing. Every AWS request moves the sandbox clock 10 s;
    the cmdlets poll every 0.1 s.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSandbox.ps1')
    Import-Module -Name (Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1') -Force -ErrorAction Stop

    function Get-Patchable([string] $Environment) {
        <# Running and Online; outside staging only on a platform staging runs (a rollout refuses the others: nothing tested them). #>
        $ready = @(Get-PatchInstance | Where-Object { $_.State -eq 'running' -and $_.SsmPingStatus -eq 'Online' })
        $tested = @($ready | Where-Object Environment -EQ staging | ForEach-Object { "$($_.PlatformName) $($_.PlatformVersion)" })
        @($ready | Where-Object { $_.Environment -eq $Environment -and ($Environment -eq 'staging' -or $tested -contains "$($_.PlatformName) $($_.PlatformVersion)") }).InstanceId | Sort-Object
    }

    function Initialize-Fleet {
        <# Reset, patch everything as last month did, then release one patch to every instance. #>
        $script:endpoint = Connect-TestSandbox
        Set-TestSandboxRequestStep 10
        $script:staging = @(Get-Patchable staging)
        $script:production = @(Get-Patchable production)
        $script:all = @($script:staging) + @($script:production)
        $null = Invoke-PatchRun -InstanceId $script:all -Operation Install -Force -Wait -PollIntervalSeconds 0.1
        $release = @{ title = 'openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99'; instanceIds = $script:all } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$script:endpoint/_sandbox/patches" -ContentType application/json -Body $release
        Move-TestSandboxClock 300
    }
}

AfterAll {
    Set-TestSandboxRequestStep 0
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
    Disconnect-TestSandbox
}

Describe 'Invoke-PatchRollout' {
    It 'patches the canary, then staging, then production, and Get-PatchRollout shows it succeeded' {
        Initialize-Fleet

        $results = @($all | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -RolloutId ro-pester-happy -Force -PollIntervalSeconds 0.1 -ErrorVariable failures)

        $failures | Should -BeNullOrEmpty
        $results.Count | Should -Be $all.Count
        $results.WaveName | Select-Object -Unique | Should -Be 'canary', 'staging', 'production'
        $results | ForEach-Object { $_.Gate | Should -Be 'Passed' }
        $rollout = Get-PatchRollout -RolloutId ro-pester-happy
        $rollout.State | Should -Be 'Succeeded'
        $rollout.TestedPatches | Should -Contain 'openssl-libs.x86_64:1:3.2.2-1.amzn2023.0.99'
        [guid]::Parse($rollout.PatchSnapshotId) | Should -Not -BeNullOrEmpty
        $table = $results | Format-Table | Out-String -Width 80
        $table | Should -Match 'Wave WaveName'
        ($table -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
    }

    It 'rolls a failed staging wave back from its snapshots, stops, and leaves production untouched' {
        Initialize-Fleet
        $bad = $staging[1]
        $null = Invoke-RestMethod -Method Post -Uri "$endpoint/_sandbox/instances/$bad/faults" -ContentType application/json -Body '{"command":"Fail"}'

        $results = @($all | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -RollbackOnFailure -RolloutId ro-pester-rollback -Force -PollIntervalSeconds 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failed = @($results | Where-Object Gate -NE 'Passed')
        $failed.InstanceId | Should -Be $bad
        $failed[0].RolledBack | Should -BeTrue
        @($results | Where-Object WaveName -EQ 'production') | Should -BeNullOrEmpty
        @(Get-PatchRun | Where-Object RunId -Like 'ro-pester-rollback-w3*') | Should -BeNullOrEmpty   # production's wave never ran
        ($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RolloutWaveFailed*' }).Exception.Message | Should -Match 'No later wave was started \(production\)'
        $rollout = Get-PatchRollout -RolloutId ro-pester-rollback
        $rollout.State | Should -Be 'Failed'
        $rollout.FailedWave | Should -Be 'staging'
    }

    It 'stops at a failed canary: no other instance is patched, and the later waves never start' {
        Initialize-Fleet
        $canary = $staging[0]
        $null = Invoke-RestMethod -Method Post -Uri "$endpoint/_sandbox/instances/$canary/faults" -ContentType application/json -Body '{"command":"Fail"}'

        $results = @($all | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -RolloutId ro-pester-canary -Force -PollIntervalSeconds 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 1
        $results[0].InstanceId | Should -Be $canary
        $results[0].WaveName | Should -Be 'canary'
        $results[0].Gate | Should -Be 'Failed'
        ($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RolloutWaveFailed*' }).Exception.Message | Should -Match 'No later wave was started \(staging, production\)'
        @(Get-PatchRun | Where-Object { $_.RunId -like 'ro-pester-canary-w2*' -or $_.RunId -like 'ro-pester-canary-w3*' }) | Should -BeNullOrEmpty
        $rollout = Get-PatchRollout -RolloutId ro-pester-canary
        $rollout.State | Should -Be 'Failed'
        $rollout.FailedWave | Should -Be 'canary'
        $rollout.Waves.State | Should -Be 'Failed', 'NotStarted', 'NotStarted'
    }

    It 'renders a rolled-back rollout with Export-PatchReport: waves on a timeline, gate outcomes, rollbacks' {
        Initialize-Fleet
        $bad = $staging[1]
        $null = Invoke-RestMethod -Method Post -Uri "$endpoint/_sandbox/instances/$bad/faults" -ContentType application/json -Body '{"command":"Fail"}'
        $results = @($all | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -RollbackOnFailure -RolloutId ro-pester-report -Force -PollIntervalSeconds 0.1 -ErrorAction SilentlyContinue)
        $rollout = Get-PatchRollout -RolloutId ro-pester-report
        $path = Join-Path $TestDrive 'rollout.html'

        @($rollout) + @($results) | Export-PatchReport -Path $path

        $html = Get-Content -Path $path -Raw
        $html | Should -Match '<figure class="chart" id="timeline-rollout-1"><figcaption>Rollout ro-pester-report \(Failed\)</figcaption>'
        $html | Should -Match '<g class="wave" data-wave="1" data-state="Succeeded">'
        $html | Should -Match '<g class="wave" data-wave="2" data-state="Failed">'
        $waves = $html.Substring($html.IndexOf('<section id="rollout-waves">'))
        $waves = $waves.Substring(0, $waves.IndexOf('</section>'))
        [System.Net.WebUtility]::HtmlDecode($waves) | Should -Match ([regex]::Escape('Invocations: Failed (1 instance(s))'))
        $waves | Should -Match '<td>NotStarted</td>'
        $rollbacks = $html.Substring($html.IndexOf('<section id="rollbacks"><h2>Rollbacks (1)</h2>'))
        $rollbacks = $rollbacks.Substring(0, $rollbacks.IndexOf('</section>'))
        $rollbacks | Should -Match "<td>$bad</td>"
        $rollbacks | Should -Match "<td>$(($results | Where-Object InstanceId -EQ $bad).SnapshotId)</td>"
    }

    It 'continues a rollout whose process was killed mid-wave: Resume-PatchRollout from another process sends nothing twice and keeps the recorded health check' {
        Initialize-Fleet
        $module = (Resolve-Path (Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1')).Path
        $script = Join-Path $TestDrive 'rollout.ps1'
        Set-Content -Path $script -Value @"
Import-Module '$module'
'$($all -join "','")' | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 1 -RolloutId ro-pester-kill ``
    -HealthCheckDocument AWS-RunPowerShellScript -HealthCheckParameters @{ commands = 'exit 0' } -Force -PollIntervalSeconds 0.1
"@
        $sends = { [int] (Invoke-RestMethod -Uri "$endpoint/_sandbox/counters").operations.'ssm:SendCommand' }
        $before = & $sends
        $pwsh = @(Get-PwshCommand)
        $log = Join-Path $TestDrive 'rollout.log'
        $process = Start-Process -FilePath $pwsh[0] -ArgumentList (@($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script)) -PassThru `
            -RedirectStandardOutput $log -RedirectStandardError "$log.err"
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ((& $sends) -le $before -and -not $process.HasExited -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $process.HasExited | Should -BeFalse -Because (Get-Content -Path "$log.err", $log -Raw -ErrorAction SilentlyContinue)
            Set-TestSandboxRequestStep 0   # the canary's install stays in flight
        }
        finally {
            if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force }   # killed, not stopped: no cleanup runs
            $process.WaitForExit()
        }
        (Get-PatchRollout -RolloutId ro-pester-kill).State | Should -Be 'InProgress'

        Move-TestSandboxClock 1800
        Set-TestSandboxRequestStep 10
        $results = @(Resume-PatchRollout -RolloutId ro-pester-kill -Force -PollIntervalSeconds 0.1 -ErrorVariable failures -WarningVariable warned)

        $failures | Should -BeNullOrEmpty
        # The canary's install finished while no process followed it: one line says its results were read back.
        @($warned).Count | Should -Be 1
        "$($warned[0])" | Should -BeLike 'Wave 1 (canary) of rollout ro-pester-kill: its run ro-pester-kill-w1 had finished before the rollout was resumed; the results of 1 instance(s) were read back from Systems Manager (1 Success) and nothing was sent again.'
        @($results.InstanceId | Sort-Object) | Should -Be @($all | Sort-Object)
        $results | ForEach-Object { $_.Gate | Should -Be 'Passed' }
        # The health check document the killed process was given, run on every wave without being given again.
        $results | ForEach-Object { $_.GateOutcomes[-1] | Should -Be 'HealthCheck: Passed' }
        # Every instance was sent its install once, across the killed process and the resume.
        $installs = @(Get-PatchRun | Where-Object { $_.RunId -match '^ro-pester-kill-w\d$' -and $_.Operation -eq 'Install' })
        $installs.Count | Should -Be 3
        @((Get-PatchRun -CommandId $installs.CommandIds).InstanceId | Sort-Object) | Should -Be @($all | Sort-Object)
        (Get-PatchRollout -RolloutId ro-pester-kill).State | Should -Be 'Succeeded'
    }

    It 'runs a plan saved with Export-Clixml and read back with Import-Clixml, under -WhatIf and for real, with the same waves' {
        Initialize-Fleet
        $plan = $all | New-PatchRolloutPlan -WaveBy Environment -WaveOrder staging, production -CanaryCount 1
        $path = Join-Path $TestDrive 'rollout-plan.xml'
        $plan | Export-Clixml -Path $path
        $saved = Import-Clixml -Path $path
        $saved.pstypenames | Should -Contain 'Deserialized.AwsPatch.PatchRolloutPlan'
        $waves = @($plan.Waves | ForEach-Object { "$($_.Name): $($_.InstanceIds -join ',')" })
        $waves.Count | Should -Be 3

        # -WhatIf: one line per wave with its plan, then one per instance, each in the wave the plan put it in; nothing written.
        $writes = (Invoke-RestMethod -Uri "$endpoint/_sandbox/counters").writes
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript -Path $transcript
        try { $output = @($saved | Invoke-PatchRollout -WhatIf) } finally { $null = Stop-Transcript }
        $output | Should -BeNullOrEmpty
        (Invoke-RestMethod -Uri "$endpoint/_sandbox/counters").writes | Should -Be $writes
        $shown = @(Get-Content -Path $transcript | Where-Object { $_ -match '^What if: .* wave (\d) of 3 \(([a-z]+), .* on target "(i-[0-9a-f]+) ' } |
            ForEach-Object { $null = $_ -match ' wave (\d) of 3 \(([a-z]+), .* on target "(i-[0-9a-f]+) '; [pscustomobject]@{ Wave = $Matches[2]; InstanceId = $Matches[3] } })
        $shown.Count | Should -Be $all.Count
        @(Get-Content -Path $transcript | Where-Object { $_ -match '^What if: .*wave \d of 3 \([a-z]+, \d+ instance\(s\)\): MaxConcurrency .*; gates: Invocations, .* on target "ro-' }).Count | Should -Be 3
        @($shown | Group-Object Wave | ForEach-Object { "$($_.Name): $(($_.Group.InstanceId) -join ',')" }) | Sort-Object | Should -Be ($waves | Sort-Object)

        # For real: the rollout's waves are the plan's, instance for instance.
        $results = @($saved | Invoke-PatchRollout -RolloutId ro-pester-clixml -Force -PollIntervalSeconds 0.1 -ErrorVariable failures)
        $failures | Should -BeNullOrEmpty
        $results | ForEach-Object { $_.Gate | Should -Be 'Passed' }
        $rollout = Get-PatchRollout -RolloutId ro-pester-clixml
        $rollout.State | Should -Be 'Succeeded'
        @($rollout.Waves | ForEach-Object { "$($_.Name): $($_.InstanceIds -join ',')" }) | Should -Be $waves
    }

    It 'under -WhatIf shows every wave and writes nothing' {
        $null = Connect-TestSandbox
        $ids = @(Get-Patchable staging)

        $output = @($ids | Invoke-PatchRollout -CanaryCount 1 -WhatIf)

        $output | Should -BeNullOrEmpty
        (Invoke-RestMethod -Uri "$endpoint/_sandbox/counters").writes | Should -Be 0
    }
}
