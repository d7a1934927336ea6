using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AwsPatch.Tests.Module;

/// <summary>Statements in the README and about_AwsPatch that drifted from the code once (issue 12 item 7), held true.</summary>
public sealed class DocsTruthTests
{
    [Fact]
    public void About_AwsPatch_covers_every_stage_and_names_every_cmdlet()
    {
        var about = File.ReadAllText(Path.Join(RepoPaths.Docs, "about_AwsPatch.md"));

        foreach (var cmdlet in ModuleAssembly.CmdletTypes.Select(ModuleAssembly.CmdletName))
            Assert.Contains($"`{cmdlet}", about, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"other stages follow|only the first stages", RegexOptions.IgnoreCase), about);
    }

    [Fact]
    public void The_README_does_not_say_there_are_no_Pester_tests()
    {
        var readme = File.ReadAllText(Path.Join(RepoPaths.Root, "README.md"));

        Assert.NotEmpty(Directory.GetFiles(Path.Join(RepoPaths.Root, "tests", "pester"), "*.Tests.ps1"));
        Assert.DoesNotMatch(new Regex(@"no Pester tests", RegexOptions.IgnoreCase), readme);
    }

    [Fact]
    public void Dotnet_run_starts_the_demo_in_the_callers_folder_so_the_report_lands_where_the_README_says()
    {
        var readme = File.ReadAllText(Path.Join(RepoPaths.Root, "README.md"));
        Assert.Contains("dotnet run --project src/AwsPatch.Demo", readme, StringComparison.Ordinal);
        Assert.Contains("`out/demo/report.html`", readme, StringComparison.Ordinal);

        // dotnet run starts the program in RunWorkingDirectory; the demo writes out/demo/report.html under it.
        var caller = Directory.CreateTempSubdirectory("awspatch-caller-").FullName;
        try
        {
            var project = Path.Join(RepoPaths.Root, "src", "AwsPatch.Demo", "AwsPatch.Demo.csproj");
            var info = new ProcessStartInfo("dotnet", ["msbuild", project, "-getProperty:RunWorkingDirectory", "-nologo"])
            {
                WorkingDirectory = caller,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var msbuild = Process.Start(info)!;
            var output = msbuild.StandardOutput.ReadToEnd().Trim();
            msbuild.WaitForExit();

            Assert.True(msbuild.ExitCode == 0, output + msbuild.StandardError.ReadToEnd());
            Assert.Equal(Path.TrimEndingDirectorySeparator(caller), Path.TrimEndingDirectorySeparator(output));
        }
        finally
        {
            Directory.Delete(caller, recursive: true);
        }
    }
}
