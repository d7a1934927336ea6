using System.Diagnostics;

namespace AwsPatch.Tests.Browser;

/// <summary>
/// Headless Chromium (Debian's <c>chromium</c> at /usr/bin/chromium, else on PATH) run once per call with its own
/// throw-away profile, a hard timeout and the whole process tree killed on a hang.
/// </summary>
internal static class Chromium
{
    private static readonly Lazy<string?> Executable = new(Find);

    /// <summary>Skips the test when Chromium is missing, except in CI (CI=true), where that is a failure.</summary>
    public static string Require()
    {
        if (Executable.Value is { } found)
            return found;
        const string reason = "Chromium is not installed (/usr/bin/chromium or chromium on PATH); install it with 'apt-get install -y chromium' to run the browser tests.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail("CI=true but " + reason);
        Skip.If(true, reason);
        return string.Empty;
    }

    /// <summary>Runs Chromium headless on <paramref name="page"/> with extra <paramref name="arguments"/>; returns stdout and the browser log.</summary>
    public static async Task<(string Stdout, string Log)> RunAsync(string page, TimeSpan timeout, params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("awspatch-chromium-").FullName;
        var start = new ProcessStartInfo(Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio",
                     "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}",
                 }.Concat(arguments).Append(new Uri(page).AbsoluteUri))
            start.ArgumentList.Add(argument);

        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish within {timeout.TotalSeconds:0} s: {string.Join(' ', arguments)}");
            }

            return (await stdout, await stderr);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A helper process may still hold a file for a moment; the folder is in the temp directory.
            }
        }
    }

    private static string? Find()
    {
        if (File.Exists("/usr/bin/chromium"))
            return "/usr/bin/chromium";
        var names = OperatingSystem.IsWindows() ? new[] { "chromium.exe", "chrome.exe" } : ["chromium", "chromium-browser"];
        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(n => Path.Combine(dir, n)))
            .FirstOrDefault(File.Exists);
    }
}
