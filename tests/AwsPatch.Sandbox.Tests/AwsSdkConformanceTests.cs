using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using AwsPatch.Sandbox;
using Ec2Filter = Amazon.EC2.Model.Filter;

namespace AwsPatch.Tests.Sandbox;

/// <summary>The AWS SDK for .NET v4 (what the module uses) against the sandbox, ServiceURL-style.</summary>
public sealed class AwsSdkConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly BasicAWSCredentials Credentials = new("AKIASANDBOXEXAMPLE", "sandbox-secret");

    private static AmazonEC2Client Ec2(Uri endpoint, string region = "us-east-1") =>
        new(Credentials, new AmazonEC2Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });

    private static AmazonSimpleSystemsManagementClient Ssm(Uri endpoint, string region = "us-east-1") =>
        new(Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });

    [Fact]
    public async Task DescribeInstancesParsesEveryFieldTheModuleReads()
    {
        using var ec2 = Ec2(fixture.Server.Endpoint);
        var instances = new List<Instance>();
        await foreach (var reservation in ec2.Paginators.DescribeInstances(new DescribeInstancesRequest { MaxResults = 5 }).Reservations)
        {
            Assert.Equal("123456789012", reservation.OwnerId);
            instances.AddRange(reservation.Instances);
        }

        var fleet = fixture.Server.State.InstancesIn("us-east-1");
        Assert.Equal(fleet.Select(i => i.InstanceId).Order(), instances.Select(i => i.InstanceId).Order());
        var windows = instances.First(i => fleet.Single(f => f.InstanceId == i.InstanceId).IsWindows);
        var linux = instances.First(i => !fleet.Single(f => f.InstanceId == i.InstanceId).IsWindows);
        Assert.Equal(PlatformValues.Windows, windows.Platform); // the SDK maps "windows" onto its constant case-insensitively
        Assert.Null(linux.Platform);
        Assert.Equal(InstanceStateName.Running, linux.State.Name);
        Assert.Equal(16, linux.State.Code);
        Assert.Equal(DeviceType.Ebs, linux.RootDeviceType);
        Assert.Equal(linux.RootDeviceName, linux.BlockDeviceMappings[0].DeviceName);
        Assert.StartsWith("vol-", linux.BlockDeviceMappings[0].Ebs.VolumeId);
        Assert.Contains(linux.Tags, t => t.Key == "Environment");
        Assert.NotEqual(default, linux.LaunchTime);
    }

    [Fact]
    public async Task ErrorsSurfaceWithTheirCodesAndStatus()
    {
        using var ec2 = Ec2(fixture.Server.Endpoint);
        using var ssm = Ssm(fixture.Server.Endpoint);

        var notFound = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ["i-0000000000000dead"] }));
        Assert.Equal("InvalidInstanceID.NotFound", notFound.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notFound.StatusCode);

        fixture.Server.Faults.For("ssm:DescribeInstanceInformation").ThrottleRate = 1.0;
        try
        {
            var throttled = await Assert.ThrowsAsync<AmazonSimpleSystemsManagementException>(() =>
                ssm.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest()));
            Assert.Equal("ThrottlingException", throttled.ErrorCode);
        }
        finally
        {
            fixture.Server.Faults.Clear();
        }
    }

    [Fact]
    public async Task SsmPaginatorAndFiltersWorkPerRegion()
    {
        using var ssm = Ssm(fixture.Server.Endpoint, "eu-west-1");
        var ids = new List<string>();
        var request = new DescribeInstanceInformationRequest
        {
            MaxResults = 5,
            Filters = [new InstanceInformationStringFilter { Key = "PingStatus", Values = ["Online", "ConnectionLost"] }],
        };
        await foreach (var info in ssm.Paginators.DescribeInstanceInformation(request).InstanceInformationList)
        {
            Assert.NotNull(info.LastPingDateTime);
            ids.Add(info.InstanceId);
        }

        Assert.Equal(fixture.Server.State.InstancesIn("eu-west-1").Where(i => i.Ssm is not null).Select(i => i.InstanceId).Order(), ids.Order());
    }

    [Fact]
    public async Task GeneratedFleetPagesThroughThousandsOfInstances()
    {
        await using var big = await SandboxServer.StartAsync(new SandboxOptions { AccessKeys = TestKeys.All, GeneratedInstances = 2500 });
        using var ec2 = Ec2(big.Endpoint);
        var count = 0;
        await foreach (var reservation in ec2.Paginators.DescribeInstances(new DescribeInstancesRequest
                       {
                           MaxResults = 1000,
                           Filters = [new Ec2Filter { Name = "instance-state-name", Values = ["running", "stopped"] }],
                       }).Reservations)
        {
            count += reservation.Instances.Count;
        }

        Assert.Equal(big.State.InstancesIn("us-east-1").Count, count);
        Assert.Equal((long)Math.Ceiling(count / 1000.0), big.Counters["ec2:DescribeInstances"]);
    }
}
