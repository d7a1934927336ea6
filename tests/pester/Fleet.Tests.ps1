#Requires -Version 7.0
<#
    Many accounts and regions in one pipeline, as a user runs it in real pwsh against the staged module and the
    README's sandbox environment: a listing of the sandbox's two accounts (123456789012 and 210987654321, role
    AwsPatch in each) and two regions, piped into the compliance summary, which counts each instance where it lives.
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSandbox.ps1')
    $null = Connect-TestSandbox
    Import-Module -Name (Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1') -Force -ErrorAction Stop
    $accounts = '123456789012', '210987654321'
    $regions = 'us-east-1', 'eu-west-1'
}

AfterAll {
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
    Disconnect-TestSandbox
}

Describe 'A multi-account listing piped into Get-PatchCompliance -Summary' {
    BeforeAll {
        $listed = @(Get-PatchInstance -Region $regions -AccountId $accounts -RoleName AwsPatch -ManagedOnly | Where-Object State -EQ 'running')
        $summary = @($listed | Get-PatchCompliance -Summary -ErrorVariable failed)
    }

    It 'lists instances in both accounts and both regions' {
        @($listed | ForEach-Object { "$($_.AccountId)/$($_.Region)" } | Sort-Object -Unique) |
            Should -Be @('123456789012/eu-west-1', '123456789012/us-east-1', '210987654321/eu-west-1', '210987654321/us-east-1')
    }

    It 'is one summary of every piped instance, with no error' {
        $failed | Should -BeNullOrEmpty
        $summary.Count | Should -Be 1
        $summary[0].Total | Should -Be $listed.Count
    }

    It 'counts each account and each region as the listing has them' {
        $byAccount = $listed | Group-Object AccountId | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }
        $summary[0].ByAccount | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Total)" } | Should -Be $byAccount
        $byRegion = $listed | Group-Object Region | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }
        $summary[0].ByRegion | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Total)" } | Should -Be $byRegion
    }

    It 'shows the breakdowns in the table of the counts, within 80 columns' {
        $lines = @(($summary[0].ByAccount | Out-String -Width 80) -split '\r?\n')
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match '210987654321'
    }
}

Describe 'Get-PatchPriority -InstanceId across regions and accounts' {
    BeforeAll {
        $running = @(Get-PatchInstance -Region $regions | Where-Object State -EQ 'running')
        $east = @($running | Where-Object Region -EQ 'us-east-1')[0]
        $west = @($running | Where-Object Region -EQ 'eu-west-1')[0]
        $roles = $accounts | ForEach-Object { "arn:aws:iam::${_}:role/AwsPatch" }
        $own = @(Get-PatchPriority -Region $regions -InstanceId $east.InstanceId, $west.InstanceId -ErrorVariable ownFailed)
        $viaRoles = @(Get-PatchPriority -Region $regions -RoleArn $roles -InstanceId $east.InstanceId, $west.InstanceId -ErrorVariable rolesFailed -ErrorAction SilentlyContinue)
    }

    It 'ranks each instance in the region it lives in, with its account, in one ranking' {
        $ownFailed | Should -BeNullOrEmpty
        @($own | ForEach-Object { "$($_.AccountId)/$($_.Region)/$($_.InstanceId)" } | Sort-Object) |
            Should -Be @("123456789012/eu-west-1/$($west.InstanceId)", "123456789012/us-east-1/$($east.InstanceId)")
        @($own | ForEach-Object Rank) | Should -Be @(1, 2)   # not $own.Rank: an array has a Rank of its own
    }

    It 'through both accounts ranks the same, and the account without Inspector is one error per region' {
        @($viaRoles | ForEach-Object { "$($_.AccountId)/$($_.Region)/$($_.InstanceId)/$($_.RiskScore)" } | Sort-Object) |
            Should -Be @($own | ForEach-Object { "$($_.AccountId)/$($_.Region)/$($_.InstanceId)/$($_.RiskScore)" } | Sort-Object)
        @($rolesFailed | ForEach-Object { $_.TargetObject } | Sort-Object) | Should -Be @('210987654321/eu-west-1', '210987654321/us-east-1')
        $rolesFailed | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'AccountRegionFailed,*' }
    }
}

Describe 'A multi-account listing piped into Invoke-PatchRollout' {
    BeforeAll {
        function Get-Spread {
            <# Per account-region one staging and one production instance on the same platform (so production's platform was tested). #>
            $ready = @(Get-PatchInstance -Region $regions -AccountId $accounts -RoleName AwsPatch -ManagedOnly | Where-Object { $_.State -eq 'running' -and $_.SsmPingStatus -eq 'Online' })
            foreach ($place in $ready | Group-Object AccountId, Region | Sort-Object Name) {
                $platform = { "$($_.PlatformName) $($_.PlatformVersion)" }
                $staging = @($place.Group | Where-Object Environment -EQ staging | Sort-Object InstanceId)
                $production = @($place.Group | Where-Object Environment -EQ production | Sort-Object InstanceId)
                $both = @($staging | ForEach-Object $platform) | Where-Object { @($production | ForEach-Object $platform) -contains $_ } | Sort-Object | Select-Object -First 1
                [pscustomobject]@{
                    Account = $place.Group[0].AccountId
                    Region = $place.Group[0].Region
                    Staging = ($staging | Where-Object { (& $platform) -eq $both } | Select-Object -First 1).InstanceId
                    Production = ($production | Where-Object { (& $platform) -eq $both } | Select-Object -First 1).InstanceId
                }
            }
        }
        function Get-RolloutInstall([string] $RolloutId, $Place) {
            <# The instances the rollout's install runs sent to in one account-region, read there through its role. #>
            $session = @{ Region = $Place.Region; AccountId = $Place.Account; RoleName = 'AwsPatch' }
            $runs = @(Get-PatchRun @session | Where-Object { $_.RunId -match "^$RolloutId-w\d$" -and $_.Operation -eq 'Install' })
            if ($runs.Count -gt 0) { @((Get-PatchRun @session -CommandId $runs.CommandIds).InstanceId | Sort-Object -Unique) }
        }
    }

    BeforeEach {
        $script:endpoint = Connect-TestSandbox
        Set-TestSandboxRequestStep 10
        $script:spread = @(Get-Spread)
        $script:picked = @($spread.Staging) + @($spread.Production)
    }

    AfterAll {
        Set-TestSandboxRequestStep 0
    }

    It 'patches each instance in its own account and region, in waves that span them, and Get-PatchRollout shows it' {
        $spread.Count | Should -Be 4

        $results = @(Get-PatchInstance -Region $regions -AccountId $accounts -RoleName AwsPatch -ManagedOnly | Where-Object { $picked -contains $_.InstanceId } |
            Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 2 -RolloutId ro-pester-fleet -Force -PollIntervalSeconds 0.1 -ErrorVariable failures)

        $failures | Should -BeNullOrEmpty
        $results.Count | Should -Be 8
        $results.WaveName | Select-Object -Unique | Should -Be 'canary', 'staging', 'production'
        $results | ForEach-Object { $_.Gate | Should -Be 'Passed' }
        foreach ($place in $spread) {
            $mine = @($results | Where-Object { $_.InstanceId -in $place.Staging, $place.Production })
            $mine.AccountId | Select-Object -Unique | Should -Be $place.Account
            $mine.Region | Select-Object -Unique | Should -Be $place.Region
            Get-RolloutInstall ro-pester-fleet $place | Should -Be @(@($place.Staging, $place.Production) | Sort-Object)
        }
        # The record lives in the caller's own account and default region (AWS_REGION here).
        $rollout = Get-PatchRollout -RolloutId ro-pester-fleet
        $rollout.State | Should -Be 'Succeeded'
        $rollout.Waves.InstanceCount | Should -Be 2, 2, 4
    }

    It 'stops at a failed part of the staging wave: later waves are untouched in every account and region' {
        $canary = @($spread.Staging | Sort-Object | Select-Object -First 2)
        $bad = @($spread | Where-Object Account -EQ '210987654321' | ForEach-Object Staging | Where-Object { $canary -notcontains $_ })[0]
        $bad | Should -Not -BeNullOrEmpty
        $null = Invoke-RestMethod -Method Post -Uri "$endpoint/_sandbox/instances/$bad/faults" -ContentType application/json -Body '{"command":"Fail"}'

        $results = @(Get-PatchInstance -Region $regions -AccountId $accounts -RoleName AwsPatch -ManagedOnly | Where-Object { $picked -contains $_.InstanceId } |
            Invoke-PatchRollout -WaveBy Environment -WaveOrder staging, production -CanaryCount 2 -RolloutId ro-pester-fleet-fail -Force -PollIntervalSeconds 0.1 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failed = @($results | Where-Object Gate -NE 'Passed')
        $failed.InstanceId | Should -Be $bad
        $failed[0].AccountId | Should -Be '210987654321'
        @($results | Where-Object WaveName -EQ 'production') | Should -BeNullOrEmpty
        ($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RolloutWaveFailed*' }).Exception.Message | Should -Match 'No later wave was started \(production\)'
        foreach ($place in $spread) {
            Get-RolloutInstall ro-pester-fleet-fail $place | Should -Not -Contain $place.Production
        }
        $rollout = Get-PatchRollout -RolloutId ro-pester-fleet-fail
        $rollout.State | Should -Be 'Failed'
        $rollout.FailedWave | Should -Be 'staging'
        $rollout.Waves.State | Should -Be 'Succeeded', 'Failed', 'NotStarted'
    }
}
