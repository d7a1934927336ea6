using System.Diagnostics;
using System.Text.Json;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// Runs the AWS CLI (Debian's v2 at /usr/bin/aws when present, else <c>aws</c> on PATH) against the sandbox
/// with dummy credentials and no user configuration, so botocore validates our responses independently.
/// </summary>
internal static class AwsCli
{
    private static readonly Lazy<string?> Executable = new(Find);
    private static readonly Lazy<string> EmptyConfig = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), "awspatch-sandbox-empty-aws-config");
        File.WriteAllText(path, "");
        return path;
    });

    /// <summary>Skips the test when the CLI is missing, except in CI (CI=true), where that is a failure.</summary>
    public static string Require()
    {
        if (Executable.Value is { } found) return found;
        const string reason = "The AWS CLI is not installed (/usr/bin/aws or aws on PATH); install it with 'apt-get install -y awscli' to run the conformance tests.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail("CI=true but " + reason);
        Skip.If(true, reason);
        return "";
    }

    public static Task<CliResult> RunAsync(Uri endpoint, string region, params string[] arguments) =>
        RunAsAsync(AwsPatch.Sandbox.SandboxCredentials.DocumentedAccessKey, AwsPatch.Sandbox.SandboxCredentials.DocumentedSecret, endpoint, region, arguments);

    /// <summary>Runs the CLI signing with <paramref name="accessKey"/> / <paramref name="secret"/> instead of the documented pair.</summary>
    public static Task<CliResult> RunAsAsync(string accessKey, string secret, Uri endpoint, string region, params string[] arguments) =>
        RunCoreAsync(accessKey, secret, endpoint, region, null, arguments);

    /// <summary>Runs the CLI signing with temporary credentials (AWS_SESSION_TOKEN set), as after <c>aws sts assume-role</c>.</summary>
    public static Task<CliResult> RunAsSessionAsync(string accessKey, string secret, string sessionToken, Uri endpoint, string region, params string[] arguments) =>
        RunCoreAsync(accessKey, secret, endpoint, region, null, arguments, sessionToken);

    /// <summary>
    /// Runs a CLI command whose operation Debian's CLI model predates (its bundled botocore is older than the
    /// operation): the newest official botocore model of <paramref name="service"/> that has
    /// <paramref name="operation"/> (the one <c>python3 -c "import botocore"</c> finds) is laid over the CLI's own
    /// through AWS_DATA_PATH, so botocore still validates the response against AWS's model. Skips when none is found.
    /// </summary>
    public static async Task<CliResult> RunWithNewerModelAsync(Uri endpoint, string region, string service, string operation, params string[] arguments)
    {
        var overlay = await NewerModelAsync(service, operation);
        Skip.If(overlay is null, $"Neither the AWS CLI nor a python3 botocore on this machine has {service} {operation}.");
        return await RunCoreAsync(AwsPatch.Sandbox.SandboxCredentials.DocumentedAccessKey, AwsPatch.Sandbox.SandboxCredentials.DocumentedSecret, endpoint, region, overlay, arguments);
    }

    private static async Task<string?> NewerModelAsync(string service, string operation)
    {
        var find = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        find.ArgumentList.Add("-c");
        find.ArgumentList.Add("import botocore,os;print(os.path.dirname(botocore.__file__))");
        string root;
        try
        {
            using var process = Process.Start(find)!;
            root = (await process.StandardOutput.ReadToEndAsync()).Trim();
            await process.WaitForExitAsync();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        var dir = Path.Combine(root, "data", service);
        if (!Directory.Exists(dir)) return null;
        foreach (var version in Directory.GetDirectories(dir).OrderDescending(StringComparer.Ordinal))
        {
            var plain = Path.Combine(version, "service-2.json");
            var gz = plain + ".gz";
            string text;
            if (File.Exists(plain)) text = await File.ReadAllTextAsync(plain);
            else if (File.Exists(gz))
            {
                await using var zip = new System.IO.Compression.GZipStream(File.OpenRead(gz), System.IO.Compression.CompressionMode.Decompress);
                text = await new StreamReader(zip).ReadToEndAsync();
            }
            else continue;
            if (!text.Contains($"\"{operation}\"", StringComparison.Ordinal)) continue;
            var overlay = Path.Combine(Path.GetTempPath(), $"awspatch-cli-models-{Environment.ProcessId}");
            var target = Path.Combine(overlay, service, Path.GetFileName(version));
            Directory.CreateDirectory(target);
            await File.WriteAllTextAsync(Path.Combine(target, "service-2.json"), text);
            return overlay;
        }
        return null;
    }

    private static async Task<CliResult> RunCoreAsync(string accessKey, string secret, Uri endpoint, string region, string? dataPath, string[] arguments,
        string? sessionToken = null)
    {
        var start = new ProcessStartInfo(Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--region", region, "--output", "json" }.Concat(arguments))
            start.ArgumentList.Add(argument);

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_CLI_AUTO_PROMPT"] = "off";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_CONFIG_FILE"] = EmptyConfig.Value;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = EmptyConfig.Value;
        if (dataPath != null) start.Environment["AWS_DATA_PATH"] = dataPath;
        if (sessionToken != null) start.Environment["AWS_SESSION_TOKEN"] = sessionToken;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    private static string? Find()
    {
        if (File.Exists("/usr/bin/aws")) return "/usr/bin/aws";
        var names = OperatingSystem.IsWindows() ? new[] { "aws.exe", "aws.cmd" } : ["aws"];
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"aws exited {ExitCode}: {Stderr}");
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }
}
