using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Bench;

/// <summary>The same EC2 + SSM calls Get-PatchInstance makes, straight through the SDK, no PowerShell: the floor.</summary>
internal static class SdkFloor
{
    private static readonly BasicAWSCredentials Sandbox = new("AKIASANDBOXEXAMPLE", "sandbox-secret");

    public static async Task<TimeSpan> InstancesAsync(Uri endpoint)
    {
        using var ec2 = new AmazonEC2Client(Sandbox, new AmazonEC2Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        using var ssm = new AmazonSimpleSystemsManagementClient(Sandbox, new AmazonSimpleSystemsManagementConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var clock = Stopwatch.StartNew();
        var count = await ListAsync(ec2, ssm);
        Console.WriteLine($"  SDK floor          {clock.ElapsedMilliseconds:N0} ms for {count:N0} instances (same calls, no PowerShell)");
        return clock.Elapsed;
    }

    /// <summary>
    /// The fleet's calls through the SDK alone: each role assumed once (untimed, as the module caches them), then every
    /// role x region pair listed, <paramref name="parallelism"/> pairs at a time. Returns the wall time, this process's
    /// CPU time and the instances listed: what the module's own work (mapping, output, pacing, fan-out) is measured against.
    /// </summary>
    public static async Task<(TimeSpan Elapsed, TimeSpan ProcessorTime, long Instances)> FleetAsync(Uri endpoint, IReadOnlyList<string> roles, IReadOnlyList<string> regions, int parallelism)
    {
        using var sts = new AmazonSecurityTokenServiceClient(Sandbox, new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        var pairs = new List<(AWSCredentials Credentials, string Region)>();
        foreach (var role in roles)
        {
            var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "AwsPatchBench" });
            var credentials = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
            pairs.AddRange(regions.Select(region => ((AWSCredentials)credentials, region)));
        }

        using var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long count = 0;
        await Parallel.ForEachAsync(pairs, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (pair, _) =>
        {
            using var ec2 = new AmazonEC2Client(pair.Credentials, new AmazonEC2Config { ServiceURL = endpoint.ToString(), AuthenticationRegion = pair.Region });
            using var ssm = new AmazonSimpleSystemsManagementClient(pair.Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = pair.Region });
            Interlocked.Add(ref count, await ListAsync(ec2, ssm));
        });
        var elapsed = clock.Elapsed;
        self.Refresh();
        return (elapsed, self.TotalProcessorTime - before, count);
    }

    /// <summary>Every DescribeInstances page of 1,000, and for each page DescribeInstanceInformation per 50 ids, four at a time.</summary>
    private static async Task<long> ListAsync(IAmazonEC2 ec2, IAmazonSimpleSystemsManagement ssm)
    {
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
        return count;
    }
}
