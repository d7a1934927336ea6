#Requires -Version 7.0
<#
    The planning cmdlets as a user runs them after `Import-Module ./out/AwsPatch/AwsPatch.psd1` with the README's
    sandbox environment: New-PatchWindow (the issue's example), its idempotency and validation, Get-PatchWindow,
    Set-PatchWindow (schedule and targets) and Get-PatchSchedule (what the AWS CLI sees of such a window: PatchWindowCmdletTests). The sandbox clock starts Sunday 2025-06-01 12:00Z, so
    Sundays 03:00 Europe/Berlin next start 2025-06-08 01:00Z (summer time).
#>

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSandbox.ps1')
    $null = Connect-TestSandbox
    Import-Module -Name (Join-Path $PSScriptRoot '../../out/AwsPatch/AwsPatch.psd1') -Force -ErrorAction Stop
    $example = @{
        Name = 'prod-sunday'; Schedule = 'cron(0 3 ? * SUN *)'; ScheduleTimezone = 'Europe/Berlin'
        Duration = 3; Cutoff = 1; PatchGroup = 'web-prod'; Operation = 'Install'
    }
}

AfterAll {
    Remove-Module -Name AwsPatch -ErrorAction SilentlyContinue
    Disconnect-TestSandbox
}

Describe 'Maintenance windows' {
    It 'New-PatchWindow -WhatIf creates nothing' {
        New-PatchWindow @example -WhatIf | Should -BeNullOrEmpty
        Get-PatchWindow | Should -BeNullOrEmpty
    }

    It 'New-PatchWindow creates the window, its patch-group targets and an Install task' {
        $window = New-PatchWindow @example

        $window.WindowId | Should -Match '^mw-[0-9a-f]{17}$'
        $window.NextExecutionTime | Should -Be ([datetime]::new(2025, 6, 8, 1, 0, 0, [DateTimeKind]::Utc))
        $window.NextExecutions[1] | Should -Be ([datetime]::new(2025, 6, 15, 1, 0, 0, [DateTimeKind]::Utc))
        @($window.Targets.PatchGroup) | Should -Be @('web-prod', 'web-prod')
        $window.Tasks.Operation | Should -Be 'Install'
        $window.Tasks.RebootOption | Should -Be 'RebootIfNeeded'
    }

    It 'New-PatchWindow again with the same settings changes nothing and says so' {
        $again = New-PatchWindow @example -WarningVariable warned -WarningAction SilentlyContinue

        "$warned" | Should -Match 'already exists with these settings: nothing changed'
        @(Get-PatchWindow).Count | Should -Be 1
        $again.Name | Should -Be 'prod-sunday'
    }

    It 'New-PatchWindow with other settings is an error that points to Set-PatchWindow' {
        $settings = $example.Clone(); $settings.Duration = 4
        New-PatchWindow @settings -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PatchWindowExists,*'
        $failed[0].ErrorDetails.RecommendedAction | Should -Match 'Set-PatchWindow -Name prod-sunday'
    }

    It 'A bad schedule fails before any call, naming the field' {
        $settings = $example.Clone(); $settings.Name = 'bad-window'; $settings.Schedule = 'cron(0 3 * * SUN *)'
        { New-PatchWindow @settings -ErrorAction Stop } | Should -Throw -ExpectedMessage '*day-of-week*'
        Get-PatchWindow -Name bad-window | Should -BeNullOrEmpty
    }

    It 'Get-PatchWindow answers which windows cover piped instances' {
        $null = New-PatchWindow -Name staging-weeknights -Schedule 'cron(0 22 ? * MON-FRI *)' -Duration 2 -PatchGroup web-staging
        $covering = @(Get-PatchInstance -PatchGroup web-prod | Get-PatchWindow)

        $covering.Name | Should -Be 'prod-sunday'
        @(Get-PatchWindow).Count | Should -Be 2
    }

    It 'Get-PatchSchedule gives each instance its next window or the reason it has none' {
        $schedule = @(Get-PatchSchedule)
        $fleet = @(Get-PatchInstance)

        $schedule.Count | Should -Be $fleet.Count
        $prod = $schedule | Where-Object PatchGroup -EQ 'web-prod'
        $prod.WindowName | Sort-Object -Unique | Should -Be 'prod-sunday'
        $prod.NextWindowStart | Sort-Object -Unique | Should -Be ([datetime]::new(2025, 6, 8, 1, 0, 0, [DateTimeKind]::Utc))
        # Monday 2025-06-02 22:00Z is the first weeknight after the clock's Sunday.
        ($schedule | Where-Object PatchGroup -EQ 'web-staging').NextWindowStart | Sort-Object -Unique | Should -Be ([datetime]::new(2025, 6, 2, 22, 0, 0, [DateTimeKind]::Utc))
        $uncovered = @(Get-PatchSchedule -Uncovered)
        $uncovered.Count | Should -BeGreaterThan 0
        $uncovered.Reason | Sort-Object -Unique | Should -Be 'No maintenance window targets it.'
    }

    It 'The views render at 80 and 120 columns' {
        foreach ($width in 80, 120) {
            $text = Get-PatchWindow | Out-String -Width $width
            $text | Should -Match 'NextExecutionTime'
            $text | Should -Match 'prod-sunday'
            (Get-PatchSchedule | Out-String -Width $width) | Should -Match 'NextWindowStart'
        }
    }

    It 'Set-PatchWindow -Tag moves the window onto new targets; targets that match nothing change nothing' {
        $production = @(Get-PatchInstance -Tag @{ Environment = 'production' }).InstanceId

        $moved = Set-PatchWindow -Name prod-sunday -Tag @{ Environment = 'production' }

        @($moved.Targets).Count | Should -Be 1
        "$($moved.Targets[0])" | Should -Be 'tag:Environment=production'
        @($moved.Tasks).Count | Should -Be 1
        $moved.Tasks[0].Operation | Should -Be 'Install'
        (Get-PatchWindow -Name prod-sunday -ResolveTargets).InstanceIds | Sort-Object | Should -Be ($production | Sort-Object)

        $nothing = Set-PatchWindow -Name prod-sunday -PatchGroup no-such-group -WarningVariable warnings -WarningAction SilentlyContinue
        $nothing | Should -BeNullOrEmpty
        "$warnings" | Should -Match 'match no instance in us-east-1: nothing was changed'
        "$((Get-PatchWindow -Name prod-sunday).Targets[0])" | Should -Be 'tag:Environment=production'
        Set-PatchWindow -Name prod-sunday -PatchGroup web-prod | Out-Null
    }

    It 'Set-PatchWindow changes the schedule; Remove-PatchWindow deletes' {
        $updated = Set-PatchWindow -Name prod-sunday -Schedule 'cron(0 2 ? * SUN *)' -Duration 4

        $updated.Duration | Should -Be 4
        $updated.NextExecutionTime | Should -Be ([datetime]::new(2025, 6, 8, 0, 0, 0, [DateTimeKind]::Utc))
        Get-PatchWindow | Remove-PatchWindow -Force
        Get-PatchWindow | Should -BeNullOrEmpty
    }
}
