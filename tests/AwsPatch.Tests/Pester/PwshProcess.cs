using System.Diagnostics;
using System.Text;

namespace AwsPatch.Tests.Pester;

/// <summary>
/// Runs `dotnet pwsh` (PowerShell 7.6.9 from the repository's tool manifest, .config/dotnet-tools.json) from the
/// repository root, as a user's shell would, with an environment of our choosing and nothing inherited that could
/// reach a real AWS account.
/// </summary>
internal static class PwshProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] pwshArguments)
    {
        // `dotnet tool restore` is a no-op once the tool is there; on a fresh clone it brings pwsh from the registry.
        var restore = await RunAsync(Dotnet, ["tool", "restore"], workingDirectory, environment, timeout);
        if (restore.ExitCode != 0)
        {
            return (restore.ExitCode, "dotnet tool restore failed:\n" + restore.Output);
        }

        return await RunAsync(Dotnet, ["pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", .. pwshArguments], workingDirectory, environment, timeout);
    }

    /// <summary>The dotnet host running these tests (or the SDK's, or the one on PATH).</summary>
    private static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath!
        : "dotnet";

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (output) output.AppendLine($"Killed after {timeout.TotalMinutes:0} minutes.");
            return (-1, output.ToString());
        }

        process.WaitForExit(); // drains the redirected streams
        lock (output) return (process.ExitCode, output.ToString());
    }
}
