using System.Text.Json;
using AwsPatch.Sandbox;

namespace AwsPatch.Tests.Sandbox;

/// <summary>The sandbox's patch compliance operations over raw JSON 1.1: shapes, limits, errors, paging, and state that follows runs.</summary>
public sealed class PatchComplianceProtocolTests : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxServer _server;
    private readonly SandboxHttp _http;

    public PatchComplianceProtocolTests(SandboxFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
        _http = new SandboxHttp(_server.Endpoint);
    }

    public void Dispose() => _http.Dispose();

    private List<string> Managed() => _server.State.InstancesIn("us-east-1").Where(i => i.Ssm is not null && i.State != "terminated").Select(i => i.InstanceId).ToList();

    private void Scan(IEnumerable<string> ids) =>
        _server.State.Update(s => { foreach (var id in ids) s.RunCommands.SetPatchState(id, InstancePatchState.Scanned(id, _server.Clock.UtcNow)); });

    private static string Type(JsonElement json) => json.GetProperty("__type").GetString()!;

    [Fact]
    public async Task Never_scanned_instances_have_no_state_and_scanned_ones_have_the_full_shape()
    {
        var ids = Managed().Take(3).ToList();
        Scan(ids.Take(2));

        var (status, json) = await _http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = ids });

        Assert.Equal(200, status);
        var states = json.GetProperty("InstancePatchStates").EnumerateArray().ToList();
        Assert.Equal(ids.Take(2).Order(StringComparer.Ordinal), states.Select(s => s.GetProperty("InstanceId").GetString()));
        var first = states[0];
        Assert.Equal(JsonValueKind.Number, first.GetProperty("OperationEndTime").ValueKind);
        Assert.Equal("Scan", first.GetProperty("Operation").GetString());
        Assert.StartsWith("arn:aws:ssm:us-east-1:", first.GetProperty("BaselineId").GetString());
        Assert.True(first.GetProperty("MissingCount").GetInt32() > 0);
        Assert.Equal(first.GetProperty("MissingCount").GetInt32(),
            first.GetProperty("SecurityNonCompliantCount").GetInt32() + first.GetProperty("OtherNonCompliantCount").GetInt32());
        Assert.False(json.TryGetProperty("NextToken", out _));
    }

    [Theory]
    [InlineData(9, "Member must have value greater than or equal to 10")]
    [InlineData(101, "Member must have value less than or equal to 100")]
    public async Task MaxResults_outside_ten_to_a_hundred_is_a_ValidationException(int maxResults, string constraint)
    {
        var (status, json) = await _http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = Managed().Take(1), MaxResults = maxResults });

        Assert.Equal(400, status);
        Assert.Equal("ValidationException", Type(json));
        Assert.Contains(constraint, json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task More_than_fifty_ids_is_a_ValidationException()
    {
        var ids = Enumerable.Range(1, 51).Select(n => $"i-{n:x17}");
        var (status, json) = await _http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = ids });

        Assert.Equal(400, status);
        Assert.Contains("Member must have length less than or equal to 50", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task States_page_with_NextToken_and_a_foreign_token_is_InvalidNextToken()
    {
        var ids = Managed().Take(15).ToList();
        Scan(ids);

        var (_, page1) = await _http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = ids, MaxResults = 10 });
        var token = page1.GetProperty("NextToken").GetString();
        var (_, page2) = await _http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = ids, MaxResults = 10, NextToken = token });
        var (status, bad) = await _http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = ids.Take(3), NextToken = token });

        Assert.Equal(10, page1.GetProperty("InstancePatchStates").GetArrayLength());
        Assert.Equal(ids.Count - 10, page2.GetProperty("InstancePatchStates").GetArrayLength());
        Assert.False(page2.TryGetProperty("NextToken", out _));
        Assert.Equal((400, "InvalidNextToken"), (status, Type(bad)));
    }

    [Fact]
    public async Task For_patch_group_filters_by_count_and_rejects_unknown_keys()
    {
        var group = _server.State.InstancesIn("us-east-1").Where(i => i.Ssm is not null).GroupBy(i => i.PatchGroup).OrderByDescending(g => g.Count()).First();
        Scan(group.Select(i => i.InstanceId));

        var (_, all) = await _http.SsmAsync("DescribeInstancePatchStatesForPatchGroup", new { PatchGroup = group.Key });
        var (_, some) = await _http.SsmAsync("DescribeInstancePatchStatesForPatchGroup",
            new { PatchGroup = group.Key, Filters = new[] { new { Key = "MissingCount", Values = new[] { "3" }, Type = "GreaterThan" } } });
        var (status, bad) = await _http.SsmAsync("DescribeInstancePatchStatesForPatchGroup",
            new { PatchGroup = group.Key, Filters = new[] { new { Key = "Unicorns", Values = new[] { "1" }, Type = "Equal" } } });

        var states = all.GetProperty("InstancePatchStates").EnumerateArray().ToList();
        Assert.Equal(group.Count(i => i.State != "terminated"), states.Count);
        Assert.All(states, s => Assert.Equal(group.Key, s.GetProperty("PatchGroup").GetString()));
        Assert.Equal(states.Count(s => s.GetProperty("MissingCount").GetInt32() > 3), some.GetProperty("InstancePatchStates").GetArrayLength());
        Assert.Equal((400, "InvalidFilter"), (status, Type(bad)));
    }

    [Fact]
    public async Task Patches_match_the_counts_filter_by_state_and_page()
    {
        var id = Managed()[0];
        Scan([id]);
        var (_, states) = await _http.SsmAsync("DescribeInstancePatchStates", new { InstanceIds = new[] { id } });
        var state = states.GetProperty("InstancePatchStates")[0];

        var all = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var (_, page) = await _http.SsmAsync("DescribeInstancePatches", token is null ? new { InstanceId = id, MaxResults = 100 } : (object)new { InstanceId = id, MaxResults = 100, NextToken = token });
            all.AddRange(page.GetProperty("Patches").EnumerateArray());
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.True(pages > 1);
        Assert.Equal(state.GetProperty("InstalledCount").GetInt32(), all.Count(p => p.GetProperty("State").GetString() == "INSTALLED"));
        Assert.Equal(state.GetProperty("MissingCount").GetInt32(), all.Count(p => p.GetProperty("State").GetString() == "MISSING"));
        Assert.Equal(state.GetProperty("NotApplicableCount").GetInt32(), all.Count(p => p.GetProperty("State").GetString() == "NOT_APPLICABLE"));
        Assert.Equal(0d, all.First(p => p.GetProperty("State").GetString() == "MISSING").GetProperty("InstalledTime").GetDouble());

        var (_, missing) = await _http.SsmAsync("DescribeInstancePatches", new { InstanceId = id, Filters = new[] { new { Key = "State", Values = new[] { "Missing" } } } });
        Assert.Equal(state.GetProperty("MissingCount").GetInt32(), missing.GetProperty("Patches").GetArrayLength());
        Assert.All(missing.GetProperty("Patches").EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("Title").GetString())));
    }

    [Fact]
    public async Task Patches_of_an_unknown_instance_or_with_a_bad_filter_are_errors()
    {
        var (s1, unknown) = await _http.SsmAsync("DescribeInstancePatches", new { InstanceId = "i-0000000000000dead" });
        var (s2, badKey) = await _http.SsmAsync("DescribeInstancePatches", new { InstanceId = Managed()[0], Filters = new[] { new { Key = "Color", Values = new[] { "red" } } } });
        var (s3, badState) = await _http.SsmAsync("DescribeInstancePatches", new { InstanceId = Managed()[0], Filters = new[] { new { Key = "State", Values = new[] { "Broken" } } } });

        Assert.Equal((400, "InvalidInstanceId"), (s1, Type(unknown)));
        Assert.Equal((400, "InvalidFilter"), (s2, Type(badKey)));
        Assert.Equal((400, "InvalidFilter"), (s3, Type(badState)));
    }

    [Fact]
    public async Task Baselines_are_listed_and_each_patch_group_gets_its_os_default()
    {
        var (_, baselines) = await _http.SsmAsync("DescribePatchBaselines", new { Filters = new[] { new { Key = "OPERATING_SYSTEM", Values = new[] { "WINDOWS" } } } });
        var (_, forGroup) = await _http.SsmAsync("GetPatchBaselineForPatchGroup", new { PatchGroup = "web-prod", OperatingSystem = "AMAZON_LINUX_2023" });

        var windows = Assert.Single(baselines.GetProperty("BaselineIdentities").EnumerateArray());
        Assert.Equal("AWS-DefaultPatchBaseline", windows.GetProperty("BaselineName").GetString());
        Assert.Contains("patchbaseline/pb-", forGroup.GetProperty("BaselineId").GetString());
        Assert.Equal("web-prod", forGroup.GetProperty("PatchGroup").GetString());
    }
}
