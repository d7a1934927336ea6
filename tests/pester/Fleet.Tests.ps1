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
