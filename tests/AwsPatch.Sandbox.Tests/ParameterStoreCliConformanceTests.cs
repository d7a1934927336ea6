namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The AWS CLI (botocore validates every response against the official SSM model) drives Parameter Store the way a
/// user inspects and cleans up AwsPatch's run records: put-parameter, get-parameters-by-path (the CLI pages through
/// MaxResults 10 itself), get-parameter's ParameterNotFound, delete-parameters. Same skip rule as <see cref="AwsCliConformanceTests"/>.
/// </summary>
public sealed class ParameterStoreCliConformanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [SkippableFact]
    public async Task PutParameterThenGetParametersByPathThenDeleteParameters()
    {
        AwsCli.Require();
        fixture.Server.Reset();
        for (var i = 0; i < 12; i++)
        {
            var put = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
                "ssm", "put-parameter", "--name", $"/patch/awspatch/runs/cli/instances/{i:D4}", "--value", $"i-{i:D17}", "--type", "String")).Json();
            Assert.Equal(1, put.GetProperty("Version").GetInt64());
        }

        var listed = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ssm", "get-parameters-by-path", "--path", "/patch/awspatch/runs", "--recursive")).Json();
        var parameters = listed.GetProperty("Parameters").EnumerateArray().ToList();
        Assert.Equal(12, parameters.Count);   // two pages of at most 10, joined by the CLI
        Assert.Equal("i-00000000000000011", parameters[^1].GetProperty("Value").GetString());

        var exists = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ssm", "put-parameter", "--name", "/patch/awspatch/runs/cli/instances/0000", "--value", "x", "--type", "String");
        Assert.Contains(exists.ExitCode, new[] { 254, 255 });
        Assert.Contains("ParameterAlreadyExists", exists.Stderr);

        var deleted = (await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            ["ssm", "delete-parameters", "--names", .. Enumerable.Range(0, 10).Select(i => $"/patch/awspatch/runs/cli/instances/{i:D4}")])).Json();
        Assert.Equal(10, deleted.GetProperty("DeletedParameters").GetArrayLength());
        var missing = await AwsCli.RunAsync(fixture.Server.Endpoint, "us-east-1",
            "ssm", "get-parameter", "--name", "/patch/awspatch/runs/cli/instances/0000");
        Assert.Contains(missing.ExitCode, new[] { 254, 255 });
        Assert.Contains("ParameterNotFound", missing.Stderr);
        Assert.Equal(2, fixture.Server.State.Parameters.Count);
    }
}
