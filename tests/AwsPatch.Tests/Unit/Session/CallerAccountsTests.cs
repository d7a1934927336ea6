using AwsPatch.Aws;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>
/// The account of credentials that assume no role, against the sandbox's STS: asked once per access key and endpoint
/// however many sessions (regions) and callers ask at once, not at all for a role's session (the ARN names the account),
/// and a failed answer kept like a good one, so a blocked STS costs its time-outs once.
/// </summary>
public sealed class CallerAccountsTests : IAsyncLifetime
{
    private const string Identity = "sts:GetCallerIdentity";
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() =>
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    private AwsSession Session(string region, string accessKey = TestKeys.UnitAccessKey, string? roleArn = null) =>
        new AwsSessionResolver(_ => null).Resolve(new AwsSessionRequest
        {
            AccessKey = accessKey, SecretKey = TestKeys.All[accessKey], Region = region, EndpointUrl = _sandbox.Endpoint.ToString(), RoleArn = roleArn,
        });

    [Fact]
    public async Task Many_callers_in_several_regions_ask_once_per_access_key()
    {
        var accounts = new CallerAccounts();
        var sessions = new[] { Session("us-east-1"), Session("eu-west-1"), Session("us-east-1") };

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => accounts.OfAsync(sessions[i % 3], CancellationToken.None))));

        Assert.All(answers, a => Assert.Equal((SandboxFleet.DefaultAccountId, (AwsCallException?)null), (a.AccountId, a.Failure)));
        Assert.Equal(1, _sandbox.Counters[Identity]);

        var other = await accounts.OfAsync(Session("us-east-1", TestKeys.StoredAccessKey), CancellationToken.None);
        Assert.Equal(SandboxFleet.DefaultAccountId, other.AccountId);
        Assert.Equal(2, _sandbox.Counters[Identity]);   // other credentials, asked for their own account
        Assert.Equal(2, accounts.Count);
    }

    [Fact]
    public async Task A_role_session_names_its_account_without_a_call()
    {
        var role = Session("us-east-1", roleArn: $"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/{SandboxAccounts.DefaultRoleName}");

        var answer = await new CallerAccounts().OfAsync(role, CancellationToken.None);

        Assert.Equal(SandboxAccounts.SecondAccountId, answer.AccountId);
        Assert.Equal(0, _sandbox.Counters[Identity]);
        Assert.Equal(0, _sandbox.Counters["sts:AssumeRole"]);
    }

    [Fact]
    public async Task A_failed_answer_names_the_call_and_is_kept_so_it_is_not_asked_again()
    {
        var accounts = new CallerAccounts();
        _sandbox.Faults.For(Identity).Error = new InjectedError(403);

        var first = await accounts.OfAsync(Session("us-east-1"), CancellationToken.None);
        _sandbox.Faults.Clear();
        var again = await accounts.OfAsync(Session("eu-west-1"), CancellationToken.None);

        Assert.Null(first.AccountId);
        Assert.Equal(Identity, first.Failure!.Operation);
        Assert.Contains("403", first.Failure.Message);
        Assert.Same(first, again);
        Assert.Equal(1, _sandbox.Counters[Identity]);
    }

    [Fact]
    public async Task A_stopped_call_is_not_kept()
    {
        var accounts = new CallerAccounts();
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accounts.OfAsync(Session("us-east-1"), stopped.Token));
        var answer = await accounts.OfAsync(Session("us-east-1"), CancellationToken.None);

        Assert.Equal(SandboxFleet.DefaultAccountId, answer.AccountId);
        Assert.Equal(1, accounts.Count);
    }
}
