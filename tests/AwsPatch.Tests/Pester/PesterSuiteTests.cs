using System.Reflection;
using AwsPatch.Tests.Module;
using Xunit.Abstractions;

namespace AwsPatch.Tests.Pester;

/// <summary>
/// The Pester suite as part of `dotnet test`: every tests/pester/*.Tests.ps1, in real pwsh 7.6.9 (`dotnet pwsh`) with
/// Pester 5.7.1 (restored by this project as a PackageDownload), against out/AwsPatch/, which this project's build
/// stages with build/AwsPatch.Stage.proj exactly as ./build.ps1 -Task Build does. The suite talks to this class's
/// in-process sandbox, whose endpoint it finds in AWSPATCH_SANDBOX_ENDPOINT. The test fails with the name and message
/// of every failed Pester test, and when any test was skipped or not run, or none ran at all.
/// </summary>
public sealed class PesterSuiteTests(SandboxFixture sandbox, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    /// <summary>Where the NUnit XML result lands; .ci/run adds its counts to the summary line.</summary>
    public static string ResultPath => Path.Join(RepoPaths.Root, "out", "pester", "results.xml");

    private static string PesterModule =>
        typeof(PesterSuiteTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PesterModule").Value!;

    [Fact]
    public async Task Every_Pester_test_passes_against_the_staged_module()
    {
        string manifest = Path.Join(RepoPaths.Root, "out", "AwsPatch", "AwsPatch.psd1");
        Assert.True(File.Exists(manifest), $"{manifest} is missing: the test project's build stages it (build/AwsPatch.Stage.proj); run `dotnet test` without --no-build, or ./build.ps1 -Task Build.");
        Assert.True(File.Exists(PesterModule), $"{PesterModule} is missing: restore the test project (its PackageDownload brings Pester).");
        Assert.NotEmpty(Directory.GetFiles(Path.Join(RepoPaths.Root, "tests", "pester"), "*.Tests.ps1"));
        // A fresh clone has no out/pester yet: a stale result must not count, and a missing folder is no error.
        Directory.CreateDirectory(Path.GetDirectoryName(ResultPath)!);
        File.Delete(ResultPath);

        var (exitCode, text) = await PwshProcess.RunAsync(
            RepoPaths.Root,
            new Dictionary<string, string> { ["AWSPATCH_SANDBOX_ENDPOINT"] = sandbox.Server.Endpoint.ToString().TrimEnd('/') },
            TimeSpan.FromMinutes(10),
            "-File", Path.Join(RepoPaths.Root, "tests", "AwsPatch.Tests", "Pester", "Invoke-PesterSuite.ps1"),
            "-PesterModule", PesterModule,
            "-TestPath", Path.Join(RepoPaths.Root, "tests", "pester"),
            "-ResultPath", ResultPath);
        output.WriteLine(text);

        Assert.True(exitCode == 0 && File.Exists(ResultPath), $"Pester did not run (exit code {exitCode}):\n{text}");
        var results = PesterResults.Load(ResultPath);
        Assert.True(results.Cases.Count > 0, $"No Pester test ran:\n{text}");
        var failed = results.Failed.Select(c => $"FAILED {c.Name}\n    {c.Message.Replace("\n", "\n    ", StringComparison.Ordinal)}").ToList();
        var notRun = results.NotPassedOrFailed.Select(c => $"{c.Outcome.ToUpperInvariant()} {c.Name} {c.Message}").ToList();
        Assert.True(failed.Count == 0 && notRun.Count == 0,
            $"{failed.Count} of {results.Cases.Count} Pester tests failed and {notRun.Count} did not run (nothing may be skipped):\n"
            + string.Join("\n", failed.Concat(notRun)));
    }
}
