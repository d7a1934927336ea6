using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// STS AssumeRole and GetCallerIdentity in the sandbox, driven by the AWS SDK's STS client (query protocol): the two
/// default accounts and their AwsPatch roles, IAM's AccessDenied for an unknown role, a trust that leaves the caller
/// out and a wrong external id, ValidationError for a bad RoleArn or DurationSeconds, and credentials that land in the
/// role's account and expire by the sandbox clock.
/// </summary>
public sealed class StsProtocolTests : SandboxTestBase
{
    private static readonly string SecondRole = $"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/{SandboxAccounts.DefaultRoleName}";

    public StsProtocolTests(SandboxFixture fixture) : base(fixture) { }

    private AmazonSecurityTokenServiceClient Sts(AWSCredentials? credentials = null) =>
        new(credentials ?? new BasicAWSCredentials(SandboxCredentials.DocumentedAccessKey, SandboxCredentials.DocumentedSecret),
            new AmazonSecurityTokenServiceConfig { ServiceURL = Server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private AmazonEC2Client Ec2(AWSCredentials credentials, string region = "us-east-1") =>
        new(credentials, new AmazonEC2Config { ServiceURL = Server.Endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });

    private static AssumeRoleRequest Assume(string roleArn, string? externalId = null, int? duration = null) => new()
    {
        RoleArn = roleArn,
        RoleSessionName = "AwsPatch-test",
        ExternalId = externalId,
        DurationSeconds = duration,
    };

    private static async Task<HashSet<string>> InstanceIdsAsync(AmazonEC2Client ec2)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { NextToken = token });
            foreach (var instance in page.Reservations.SelectMany(r => r.Instances)) ids.Add(instance.InstanceId);
            token = page.NextToken;
        }
        while (token is not null);
        return ids;
    }

    [Fact]
    public void The_default_sandbox_holds_two_accounts_each_with_an_assumable_AwsPatch_role()
    {
        Assert.Equal([SandboxFleet.DefaultAccountId, SandboxAccounts.SecondAccountId], Server.Accounts.Ids);
        var second = Server.Accounts[SandboxAccounts.SecondAccountId];
        Assert.Equal(SandboxAccounts.SecondAccountId, second.AccountId);
        Assert.InRange(second.Instances.Count, 10, Server.State.Instances.Count * 3);
        Assert.Empty(second.Instances.Select(i => i.InstanceId).Intersect(Server.State.Instances.Select(i => i.InstanceId)));
        Assert.NotNull(Server.Accounts.FindRole(SecondRole));
        Assert.NotNull(Server.Accounts.FindRole($"arn:aws:iam::{SandboxFleet.DefaultAccountId}:role/AwsPatch"));
    }

    [Fact]
    public async Task AssumeRole_issues_credentials_whose_requests_see_the_roles_account()
    {
        using var sts = Sts();
        var before = Server.Clock.UtcNow;
        var assumed = await sts.AssumeRoleAsync(Assume(SecondRole, duration: 900));

        Assert.StartsWith("ASIA", assumed.Credentials.AccessKeyId);
        Assert.Equal(before.AddSeconds(900), assumed.Credentials.Expiration!.Value.ToUniversalTime(), TimeSpan.FromSeconds(5));
        Assert.Equal($"arn:aws:sts::{SandboxAccounts.SecondAccountId}:assumed-role/AwsPatch/AwsPatch-test", assumed.AssumedRoleUser.Arn);
        Assert.Matches("^AROA[0-9A-F]{17}:AwsPatch-test$", assumed.AssumedRoleUser.AssumedRoleId);

        using var ec2 = Ec2(assumed.Credentials);
        var seen = await InstanceIdsAsync(ec2);
        var second = Server.Accounts[SandboxAccounts.SecondAccountId].InstancesIn("us-east-1").Select(i => i.InstanceId).ToHashSet();
        Assert.Equal(second, seen);

        using var stsAsRole = Sts(assumed.Credentials);
        var identity = await stsAsRole.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal((SandboxAccounts.SecondAccountId, assumed.AssumedRoleUser.Arn, assumed.AssumedRoleUser.AssumedRoleId),
            (identity.Account, identity.Arn, identity.UserId));
        var self = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal((SandboxFleet.DefaultAccountId, SandboxCredentials.DefaultUserArn), (self.Account, self.Arn));
    }

    [Fact]
    public async Task Assumed_credentials_expire_by_the_sandbox_clock_as_ExpiredToken()
    {
        using var sts = Sts();
        var assumed = await sts.AssumeRoleAsync(Assume(SecondRole, duration: 900));
        using var ec2 = Ec2(assumed.Credentials);
        Assert.NotEmpty(await InstanceIdsAsync(ec2));

        Server.Clock.Advance(TimeSpan.FromSeconds(901));

        Assert.Equal("RequestExpired", (await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest()))).ErrorCode);
        using var stsAsRole = Sts(assumed.Credentials);
        var expired = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => stsAsRole.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal(("ExpiredToken", 400), (expired.ErrorCode, (int)expired.StatusCode));
    }

    [Fact]
    public async Task An_unknown_role_an_untrusted_caller_and_a_wrong_external_id_are_AccessDenied_naming_the_role()
    {
        Server.Accounts.AddRole(new SandboxRole(SandboxAccounts.SecondAccountId, "Customer") { TrustedAccounts = [SandboxFleet.DefaultAccountId], ExternalId = "tenant-42" });
        Server.Accounts.AddRole(new SandboxRole(SandboxAccounts.SecondAccountId, "LocalOnly") { TrustedAccounts = [SandboxAccounts.SecondAccountId] });
        using var sts = Sts();
        var customer = $"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/Customer";

        foreach (var (arn, externalId) in new[]
        {
            ($"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/NoSuchRole", (string?)null),
            ($"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/LocalOnly", null),
            (customer, null),
            (customer, "tenant-41"),
        })
        {
            var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(Assume(arn, externalId)));
            Assert.Equal(("AccessDenied", 403), (denied.ErrorCode, (int)denied.StatusCode));
            Assert.Equal($"User: {SandboxCredentials.DefaultUserArn} is not authorized to perform: sts:AssumeRole on resource: {arn}", denied.Message);
        }

        Assert.StartsWith("ASIA", (await sts.AssumeRoleAsync(Assume(customer, "tenant-42"))).Credentials.AccessKeyId);
    }

    [Fact]
    public async Task A_bad_RoleArn_or_DurationSeconds_is_ValidationError()
    {
        using var sts = Sts();

        var notArn = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(Assume("role/AwsPatch-in-210987654321")));
        var tooShort = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(Assume(SecondRole, duration: 899)));
        var tooLong = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(Assume(SecondRole, duration: 7200)));
        var chained = await sts.AssumeRoleAsync(Assume(SecondRole));
        using var stsAsRole = Sts(chained.Credentials);
        var chainedTooLong = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            stsAsRole.AssumeRoleAsync(Assume($"arn:aws:iam::{SandboxFleet.DefaultAccountId}:role/AwsPatch", duration: 3601)));

        Assert.Equal(("ValidationError", 400, "Request ARN is invalid"), (notArn.ErrorCode, (int)notArn.StatusCode, notArn.Message));
        Assert.Equal(("ValidationError", "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"),
            (tooShort.ErrorCode, tooShort.Message));
        Assert.Equal(("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."), (tooLong.ErrorCode, tooLong.Message));
        Assert.Equal(("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."),
            (chainedTooLong.ErrorCode, chainedTooLong.Message));
    }

    [Fact]
    public async Task AssumeRole_is_counted_and_a_reset_forgets_added_roles()
    {
        Server.Accounts.AddRole(new SandboxRole(SandboxAccounts.SecondAccountId, "Extra") { TrustedAccounts = [SandboxFleet.DefaultAccountId] });
        using var sts = Sts();
        await sts.AssumeRoleAsync(Assume($"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/Extra"));

        Assert.Equal(1, Server.Counters["sts:AssumeRole"]);
        Server.Reset();
        Assert.Null(Server.Accounts.FindRole($"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/Extra"));
        Assert.NotNull(Server.Accounts.FindRole(SecondRole));
    }
}
