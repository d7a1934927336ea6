using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI (botocore validates the answer against the official STS model) assumes the second account's AwsPatch role,
/// then signs with what it got: <c>aws sts get-caller-identity</c> names the assumed role and <c>aws ec2 describe-instances</c>
/// lists that account's fleet. An unknown role is AccessDenied. Same skip rule as <see cref="AwsCliConformanceTests"/>.
/// </summary>
public sealed class StsCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    /// <summary>
    /// What the module asks for credentials that assume no role (to name the account on its objects): with a user's
    /// long-term keys, <c>aws sts get-caller-identity</c> parses the sandbox's answer against the model and names the
    /// keys' user in the default account; keys the sandbox does not know are InvalidClientTokenId, as STS says it.
    /// </summary>
    [SkippableFact]
    public async Task GetCallerIdentityWithLongTermKeysNamesTheUserAndItsAccount()
    {
        AwsCli.Require();
        fixture.Server.Reset();

        var identity = (await AwsCli.RunAsync(fixture.Server.Endpoint, "eu-west-1", "sts", "get-caller-identity")).Json();

        Assert.Equal(SandboxFleet.DefaultAccountId, identity.GetProperty("Account").GetString());
        Assert.Equal(SandboxCredentials.DefaultUserArn, identity.GetProperty("Arn").GetString());
        Assert.Matches("^AIDA[A-Z0-9]{16,}$", identity.GetProperty("UserId").GetString()!);
        Assert.Equal(1, fixture.Server.Counters["sts:GetCallerIdentity"]);

        var unknown = await AwsCli.RunAsAsync("AKIAUNKNOWNKEY000001", "not-a-secret", fixture.Server.Endpoint, "us-east-1", "sts", "get-caller-identity");
        Assert.Contains(unknown.ExitCode, new[] { 254, 255 });
        Assert.Contains("An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation", unknown.Stderr);
    }

    [SkippableFact]
    public async Task AssumeRoleThenSignWithTheTemporaryCredentials()
    {
        AwsCli.Require();
        fixture.Server.Reset();
        var role = $"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/{SandboxAccounts.DefaultRoleName}";

        var assumed = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "sts", "assume-role", "--role-arn", role, "--role-session-name", "AwsPatch-cli", "--duration-seconds", "900")).Json();
        var credentials = assumed.GetProperty("Credentials");
        var (key, secret, token) = (credentials.GetProperty("AccessKeyId").GetString()!, credentials.GetProperty("SecretAccessKey").GetString()!,
            credentials.GetProperty("SessionToken").GetString()!);
        Assert.Equal($"arn:aws:sts::{SandboxAccounts.SecondAccountId}:assumed-role/AwsPatch/AwsPatch-cli", assumed.GetProperty("AssumedRoleUser").GetProperty("Arn").GetString());

        var identity = (await AwsCli.RunAsSessionAsync(key, secret, token, fixture.Server.Endpoint, "us-east-1", "sts", "get-caller-identity")).Json();
        Assert.Equal(SandboxAccounts.SecondAccountId, identity.GetProperty("Account").GetString());

        var listed = (await AwsCli.RunAsSessionAsync(key, secret, token, fixture.Server.Endpoint, "eu-west-1",
            "ec2", "describe-instances", "--query", "Reservations[].Instances[].InstanceId")).Json();
        var expected = fixture.Server.Accounts[SandboxAccounts.SecondAccountId].InstancesIn("eu-west-1").Select(i => i.InstanceId).Order(StringComparer.Ordinal);
        Assert.Equal(expected, listed.EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));

        var denied = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "sts", "assume-role", "--role-arn", $"arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/Other", "--role-session-name", "AwsPatch-cli");
        Assert.Contains(denied.ExitCode, new[] { 254, 255 });
        Assert.Contains("An error occurred (AccessDenied) when calling the AssumeRole operation", denied.Stderr);
        Assert.Contains($"is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/Other", denied.Stderr);
    }
}
