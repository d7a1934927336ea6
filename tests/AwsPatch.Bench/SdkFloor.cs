using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Bench;

/// <summary>The same EC2 + SSM calls Get-PatchInstance makes, straight through the SDK, no PowerShell: the floor.</summary>
internal static class SdkFloor
{
    public static async Task<TimeSpan> InstancesAsync(Uri endpoint)
    {
        var credentials = new BasicAWSCredentials("AKIASANDBOXEXAMPLE", "sandbox-secret");
        using var ec2 = new AmazonEC2Client(credentials, new AmazonEC2Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        using var ssm = new AmazonSimpleSystemsManagementClient(credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var clock = Stopwatch.StartNew();
        string? token = null;
        long count = 0;
        do
        {
            var page = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { MaxResults = 1000, NextToken = token });
            token = page.NextToken;
            var ids = page.Reservations.SelectMany(r => r.Instances).Select(i => i.InstanceId).ToList();
            count += ids.Count;
            await Parallel.ForEachAsync(ids.Chunk(50), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) =>
                await ssm.DescribeInstanceInformationAsync(new DescribeInstanceInformationRequest
                {
                    MaxResults = 50,
                    Filters = [new InstanceInformationStringFilter { Key = "InstanceIds", Values = chunk.ToList() }],
                }, ct));
        }
        while (!string.IsNullOrEmpty(token));
        Console.WriteLine($"  SDK floor          {clock.ElapsedMilliseconds:N0} ms for {count:N0} instances (same calls, no PowerShell)");
        return clock.Elapsed;
    }
}
