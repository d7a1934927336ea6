using AwsPatch.Aws;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>
/// One role's credentials against the sandbox's STS: assumed once however many calls ask at once, judged fresh or not on
/// the service's clock the role has learnt (not the machine's), and forgotten after a refusal only if they are still the
/// ones the refused call used.
/// </summary>
public sealed class AssumedRoleCredentialsTests : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() =>
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, ClockStart = DateTime.UtcNow });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private AssumedRoleCredentials Role() =>
        (AssumedRoleCredentials)new AwsSessionResolver(_ => null).Resolve(new AwsSessionRequest
        {
            AccessKey = TestKeys.UnitAccessKey, SecretKey = TestKeys.UnitSecret, Region = "us-east-1", EndpointUrl = _sandbox.Endpoint.ToString(),
            RoleArn = $"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/AwsPatch",
        }).Credentials;

    [Fact]
    public async Task Many_callers_at_once_assume_the_role_once()
    {
        var role = Role();

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(role.GetCredentialsAsync)));

        Assert.Equal(1, _sandbox.Counters["sts:AssumeRole"]);
        Assert.Single(all.Select(c => c.AccessKey).Distinct());
        Assert.Equal(1, role.AssumeCount);
    }

    [Fact]
    public async Task Freshness_is_judged_on_the_service_clock_the_role_has_learnt()
    {
        var role = Role();
        var first = await role.GetCredentialsAsync();
        var expires = role.ExpiresAt!.Value;

        // An answer says AWS's time is 6 minutes before the expiry: still fresh (refreshed 5 minutes before).
        role.Clock.Observe(expires - TimeSpan.FromMinutes(6));
        Assert.Equal(first.AccessKey, (await role.GetCredentialsAsync()).AccessKey);
        Assert.Equal(1, _sandbox.Counters["sts:AssumeRole"]);

        // Another says 4 minutes before: assumed again, though this machine's clock has not moved.
        role.Clock.Observe(expires - TimeSpan.FromMinutes(4));
        Assert.NotEqual(first.AccessKey, (await role.GetCredentialsAsync()).AccessKey);
        Assert.Equal(2, _sandbox.Counters["sts:AssumeRole"]);
    }

    [Fact]
    public async Task A_refusal_forgets_the_credentials_it_was_made_with_and_not_newer_ones()
    {
        var role = Role();
        await role.GetCredentialsAsync();
        var used = role.Generation;

        role.Expired(used);
        var fresh = await role.GetCredentialsAsync();
        Assert.Equal(2, _sandbox.Counters["sts:AssumeRole"]);

        // A second call refused with the old credentials arrives late: the new ones stay.
        role.Expired(used);
        Assert.Equal(fresh.AccessKey, (await role.GetCredentialsAsync()).AccessKey);
        Assert.Equal(2, _sandbox.Counters["sts:AssumeRole"]);
        Assert.DoesNotContain(fresh.AccessKey, role.ToString());
    }
}
