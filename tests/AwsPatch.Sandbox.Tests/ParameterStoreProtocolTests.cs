using System.Text.Json;

namespace AwsPatch.Tests.Sandbox;

/// <summary>Parameter Store over raw JSON 1.1: no overwrite, the Standard tier's 4,096 characters, ParameterNotFound, path paging of 1..10, deletes.</summary>
public sealed class ParameterStoreProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxHttp _http = new(fixture.Server.Endpoint);

    public void Dispose() => _http.Dispose();

    private static string Type(JsonElement json) => json.GetProperty("__type").GetString()!;

    [Fact]
    public async Task A_parameter_is_created_once_read_back_and_never_overwritten_unless_asked()
    {
        fixture.Server.Reset();
        var (status, put) = await _http.SsmAsync("PutParameter", new { Name = "/t/once/a", Value = "one", Type = "String" });
        Assert.Equal(200, status);
        Assert.Equal(1, put.GetProperty("Version").GetInt64());
        Assert.Equal("Standard", put.GetProperty("Tier").GetString());

        var (again, error) = await _http.SsmAsync("PutParameter", new { Name = "/t/once/a", Value = "two", Type = "String" });
        Assert.Equal(400, again);
        Assert.Equal("ParameterAlreadyExists", Type(error));

        var (_, over) = await _http.SsmAsync("PutParameter", new { Name = "/t/once/a", Value = "two", Overwrite = true });
        Assert.Equal(2, over.GetProperty("Version").GetInt64());
        var (_, got) = await _http.SsmAsync("GetParameter", new { Name = "/t/once/a" });
        var parameter = got.GetProperty("Parameter");
        Assert.Equal("two", parameter.GetProperty("Value").GetString());
        Assert.Equal("String", parameter.GetProperty("Type").GetString());
        Assert.EndsWith(":parameter/t/once/a", parameter.GetProperty("ARN").GetString());

        var (_, elsewhere) = await _http.SsmAsync("GetParameter", new { Name = "/t/once/a" }, region: "eu-west-1");
        Assert.Equal("ParameterNotFound", Type(elsewhere));   // Parameter Store is regional
    }

    [Fact]
    public async Task Values_past_the_tier_limit_reserved_names_and_a_missing_type_are_rejected()
    {
        fixture.Server.Reset();
        var (status, tooLong) = await _http.SsmAsync("PutParameter", new { Name = "/t/long", Value = new string('x', 4097), Type = "String" });
        Assert.Equal(400, status);
        Assert.Equal("ValidationException", Type(tooLong));
        Assert.Contains("4096", tooLong.GetProperty("message").GetString());
        var (fits, _) = await _http.SsmAsync("PutParameter", new { Name = "/t/long", Value = new string('x', 4096), Type = "String" });
        Assert.Equal(200, fits);
        var (_, advanced) = await _http.SsmAsync("PutParameter", new { Name = "/t/longer", Value = new string('x', 5000), Type = "String", Tier = "Advanced" });
        Assert.Equal("Advanced", advanced.GetProperty("Tier").GetString());

        Assert.Equal("ValidationException", Type((await _http.SsmAsync("PutParameter", new { Name = "/aws/mine", Value = "v", Type = "String" })).Json));
        Assert.Equal("ValidationException", Type((await _http.SsmAsync("PutParameter", new { Name = "/t/no type", Value = "v", Type = "String" })).Json));
        Assert.Equal("ValidationException", Type((await _http.SsmAsync("PutParameter", new { Name = "/t/untyped", Value = "v" })).Json));
    }

    [Fact]
    public async Task A_path_lists_in_pages_of_at_most_ten_recursively_or_one_level()
    {
        fixture.Server.Reset();
        for (var i = 0; i < 23; i++)
            await _http.SsmAsync("PutParameter", new { Name = $"/t/path/deep/p{i:D2}", Value = $"v{i}", Type = "String" });
        await _http.SsmAsync("PutParameter", new { Name = "/t/path/top", Value = "top", Type = "String" });

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (_, page) = await _http.SsmAsync("GetParametersByPath", token is null
                ? new { Path = "/t/path", Recursive = true, MaxResults = 10 }
                : (object)new { Path = "/t/path", Recursive = true, MaxResults = 10, NextToken = token });
            names.AddRange(page.GetProperty("Parameters").EnumerateArray().Select(p => p.GetProperty("Name").GetString()!));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null);
        Assert.Equal(3, pages);
        Assert.Equal(24, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var (_, oneLevel) = await _http.SsmAsync("GetParametersByPath", new { Path = "/t/path" });
        Assert.Equal(["/t/path/top"], oneLevel.GetProperty("Parameters").EnumerateArray().Select(p => p.GetProperty("Name").GetString()));
        var (status, eleven) = await _http.SsmAsync("GetParametersByPath", new { Path = "/t/path", MaxResults = 11 });
        Assert.Equal(400, status);
        Assert.Equal("ValidationException", Type(eleven));
        Assert.Equal("InvalidNextToken", Type((await _http.SsmAsync("GetParametersByPath", new { Path = "/t/path", NextToken = "bogus" })).Json));
    }

    [Fact]
    public async Task Deletes_report_what_was_deleted_and_what_did_not_exist()
    {
        fixture.Server.Reset();
        await _http.SsmAsync("PutParameter", new { Name = "/t/del/a", Value = "a", Type = "String" });
        await _http.SsmAsync("PutParameter", new { Name = "/t/del/b", Value = "b", Type = "String" });

        var (_, many) = await _http.SsmAsync("DeleteParameters", new { Names = new[] { "/t/del/a", "/t/del/nope" } });
        Assert.Equal(["/t/del/a"], many.GetProperty("DeletedParameters").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["/t/del/nope"], many.GetProperty("InvalidParameters").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("ValidationException", Type((await _http.SsmAsync("DeleteParameters", new { Names = Enumerable.Range(0, 11).Select(i => $"/t/{i}").ToArray() })).Json));

        Assert.Equal(200, (await _http.SsmAsync("DeleteParameter", new { Name = "/t/del/b" })).Status);
        Assert.Equal("ParameterNotFound", Type((await _http.SsmAsync("DeleteParameter", new { Name = "/t/del/b" })).Json));
        Assert.Empty(fixture.Server.State.Parameters);
    }
}
