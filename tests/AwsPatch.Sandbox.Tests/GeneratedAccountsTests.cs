using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// A sandbox of many accounts (<c>--accounts N --fleet-size N --account-regions ...</c>): deterministic account ids and
/// fleets of exactly the asked size in every region, each account entered through its own AwsPatch role; the default
/// (no such option) stays the two accounts of before.
/// </summary>
public sealed class GeneratedAccountsTests
{
    private static readonly DateTime Now = new(2026, 12, 3, 16, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];

    [Fact]
    public void Without_the_options_the_sandbox_keeps_its_second_account_of_40_instances()
    {
        var options = SandboxCommandLine.Parse([], Now).Options;

        Assert.Equal(new Dictionary<string, int> { [SandboxAccounts.SecondAccountId] = 40 }, options.OtherAccounts);
        Assert.False(options.OtherAccountsPerRegion);
        Assert.Null(options.OtherAccountRegions);
    }

    [Fact]
    public void Accounts_fleet_size_and_account_regions_parse_into_generated_accounts()
    {
        var options = SandboxCommandLine.Parse(["--accounts", "3", "--fleet-size", "5", "--account-regions", "us-east-1, eu-west-1,ap-southeast-2"], Now).Options;

        Assert.Equal(new Dictionary<string, int> { [SandboxAccounts.SecondAccountId] = 5, ["300000000002"] = 5, ["300000000003"] = 5 }, options.OtherAccounts);
        Assert.True(options.OtherAccountsPerRegion);
        Assert.Equal(Regions, options.OtherAccountRegions);
        Assert.Empty(SandboxCommandLine.Parse(["--accounts", "0"], Now).Options.OtherAccounts);
        Assert.Equal(40, SandboxCommandLine.Parse(["--accounts", "2"], Now).Options.OtherAccounts["300000000002"]);
        Assert.Throws<ArgumentException>(() => SandboxCommandLine.Parse(["--accounts", "-1"], Now));
        Assert.Throws<ArgumentException>(() => SandboxCommandLine.Parse(["--fleet-size", "many"], Now));
    }

    [Fact]
    public void A_per_region_fleet_has_exactly_the_size_in_each_region_and_is_the_same_every_time()
    {
        var fleet = FleetGenerator.PerRegion(200, Regions, "300000000002");
        var again = FleetGenerator.PerRegion(200, Regions, "300000000002");

        Assert.All(Regions, region => Assert.Equal(200, fleet.Instances.Count(i => i.Region == region)));
        Assert.Equal(600, fleet.Instances.Select(i => i.InstanceId).Distinct().Count());
        Assert.Equal(fleet.Instances.Select(i => i.InstanceId), again.Instances.Select(i => i.InstanceId));
        Assert.All(fleet.Instances, i => Assert.Contains(":300000000002:", i.IamInstanceProfileArn));
        // Another account is another fleet.
        Assert.Empty(FleetGenerator.PerRegion(200, Regions, "300000000003").Instances.Select(i => i.InstanceId).Intersect(fleet.Instances.Select(i => i.InstanceId)));
    }

    [Fact]
    public async Task Each_generated_account_is_entered_through_its_AwsPatch_role_and_holds_its_own_fleet_per_region()
    {
        var options = SandboxCommandLine.Parse(["--accounts", "3", "--fleet-size", "4", "--account-regions", string.Join(',', Regions)], Now).Options;
        await using var server = await SandboxServer.StartAsync(new SandboxOptions
        {
            AccessKeys = TestKeys.All,
            OtherAccounts = options.OtherAccounts,
            OtherAccountsPerRegion = options.OtherAccountsPerRegion,
            OtherAccountRegions = options.OtherAccountRegions,
        });

        Assert.Equal([SandboxFleet.DefaultAccountId, SandboxAccounts.SecondAccountId, "300000000002", "300000000003"], server.Accounts.Ids);
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(SandboxCredentials.DocumentedAccessKey, SandboxCredentials.DocumentedSecret),
            new AmazonSecurityTokenServiceConfig { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in server.Accounts.Ids.Skip(1))
        {
            var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = $"arn:aws:iam::{account}:role/AwsPatch", RoleSessionName = "AwsPatch-test" });
            foreach (var region in Regions)
            {
                using var ec2 = new AmazonEC2Client(assumed.Credentials, new AmazonEC2Config { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });
                var ids = (await ec2.DescribeInstancesAsync(new DescribeInstancesRequest())).Reservations.SelectMany(r => r.Instances).Select(i => i.InstanceId).ToList();

                Assert.Equal(4, ids.Count);
                Assert.Equal(server.Accounts[account].InstancesIn(region).Select(i => i.InstanceId).Order(), ids.Order());
                Assert.All(ids, id => Assert.True(seen.Add(id), $"{id} is in two account-regions."));
            }
        }
    }
}
