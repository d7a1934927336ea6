using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// A multi-account listing piped into a state-changing cmdlet (issue 18): each instance carries its AccountId, Region
/// and the role it was listed through, so Invoke-PatchRun sends its command where the instance lives.
/// </summary>
public sealed class FleetPatchRunTests(SandboxFixture fixture) : PatchRunTestBase(fixture), IClassFixture<SandboxFixture>
{
    private const string Second = SandboxAccounts.SecondAccountId;
    private const string First = SandboxFleet.DefaultAccountId;

    [Fact]
    public void Instances_listed_through_several_roles_and_regions_are_patched_each_in_its_own_account_and_region()
    {
        WaitOnSandboxClock();
        var keys = "-EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value";
        var result = Run($$"""
            $seen = @{}
            $picked = foreach ($i in Get-PatchInstance {{keys}} -Region us-east-1, eu-west-1 -AccountId {{First}}, {{Second}} -RoleName AwsPatch -ManagedOnly) {
                if ($i.SsmPingStatus -eq 'Online' -and $i.State -eq 'running' -and -not $seen["$($i.AccountId)/$($i.Region)"]) {
                    $seen["$($i.AccountId)/$($i.Region)"] = $true
                    $i
                }
            }
            $picked | Invoke-PatchRun -Operation Scan -Wait {{keys}}
            """);

        Assert.True(result.Errors.Count == 0, result.ToString());
        var runs = result.OutputOf<PatchRunResult>();
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal("Success", r.Status));
        foreach (var account in new[] { First, Second })
        {
            var state = Server.Accounts[account];
            var sent = state.Commands.SelectMany(c => c.InstanceIds.Select(id => (c.Region, id))).Order().ToList();
            var expected = runs.Where(r => state.FindInstance(r.InstanceId) is not null).Select(r => (r.Region, r.InstanceId)).Order().ToList();
            Assert.Equal(2, expected.Count);
            Assert.Equal(expected, sent);
            Assert.All(sent, s => Assert.Equal(s.Region, state.FindInstance(s.id)!.Region));
        }
        Assert.Equal(2, Server.Counters["sts:AssumeRole"]);
    }

    [Fact]
    public void An_instance_listed_through_a_role_with_an_external_id_is_patched_with_that_external_id_and_it_is_never_printed()
    {
        WaitOnSandboxClock();
        Server.Accounts.AddRole(new SandboxRole(Second, "Customer") { TrustedAccounts = [First], ExternalId = "tenant-42-secret" });
        var keys = "-EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value";
        var result = Run($$"""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            $listed = Get-PatchInstance {{keys}} -Region eu-west-1 -AccountId {{Second}} -RoleName Customer -ExternalId tenant-42-secret -ManagedOnly
            @($listed).Where({ $_.SsmPingStatus -eq 'Online' -and $_.State -eq 'running' }, 'First') |
                Invoke-PatchRun -Operation Scan -Wait {{keys}}
            """);

        Assert.True(result.Errors.Count == 0, result.ToString());
        var sent = Assert.Single(Server.Accounts[Second].Commands);
        Assert.Equal("eu-west-1", sent.Region);
        var run = Assert.Single(result.OutputOf<PatchRunResult>());
        Assert.Equal("Success", run.Status);
        Assert.Equal([run.InstanceId], sent.InstanceIds);
        Assert.All(result.Output.Single().Properties, p => Assert.DoesNotContain("tenant-42-secret", p.Value?.ToString() ?? ""));
        Assert.DoesNotContain("tenant-42-secret", result.AllText);
    }
}
