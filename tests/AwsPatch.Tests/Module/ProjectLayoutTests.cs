using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AwsPatch.Tests.Module;

/// <summary>
/// The sandbox stands alone (issue 15): it references neither the module nor the PowerShell engine, so running it builds
/// the sandbox only; the demo, which needs both, is its own program; and `dotnet test` at the root (AwsPatch.sln) runs
/// every test project.
/// </summary>
public sealed class ProjectLayoutTests
{
    private static XDocument Project(params string[] path) => XDocument.Load(Path.Join([RepoPaths.Root, .. path]));

    private static IEnumerable<string> Items(XDocument project, string item) =>
        project.Descendants(item).Select(e => (string?)e.Attribute("Include") ?? "");

    [Fact]
    public void The_sandbox_references_no_project_and_no_PowerShell()
    {
        var sandbox = Project("src", "AwsPatch.Sandbox", "AwsPatch.Sandbox.csproj");

        Assert.Empty(Items(sandbox, "ProjectReference"));
        Assert.DoesNotContain(Items(sandbox, "PackageReference"), p => p.Contains("Management.Automation", StringComparison.Ordinal) || p.StartsWith("PowerShell", StringComparison.Ordinal));
        var sources = Directory.EnumerateFiles(Path.Join(RepoPaths.Root, "src", "AwsPatch.Sandbox"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        Assert.DoesNotContain(sources, f => Regex.IsMatch(File.ReadAllText(f), @"using System\.Management\.Automation|using AwsPatch\.(Commands|Aws|Model)\b"));
    }

    [Fact]
    public void The_sandbox_tests_test_the_sandbox_without_the_module()
    {
        var tests = Project("tests", "AwsPatch.Sandbox.Tests", "AwsPatch.Sandbox.Tests.csproj");

        Assert.Equal(["../../src/AwsPatch.Sandbox/AwsPatch.Sandbox.csproj"], Items(tests, "ProjectReference"));
        Assert.DoesNotContain("System.Management.Automation", Items(tests, "PackageReference"));
    }

    [Fact]
    public void The_demo_hosts_the_module_beside_the_sandbox()
    {
        var demo = Project("src", "AwsPatch.Demo", "AwsPatch.Demo.csproj");

        Assert.Equal(["../AwsPatch.Sandbox/AwsPatch.Sandbox.csproj", "../AwsPatch/AwsPatch.csproj"], Items(demo, "ProjectReference").Order(StringComparer.Ordinal));
        Assert.Contains("System.Management.Automation", Items(demo, "PackageReference"));
    }

    [Fact]
    public void Dotnet_test_at_the_root_runs_every_test_project()
    {
        var solution = File.ReadAllText(Path.Join(RepoPaths.Root, "AwsPatch.sln")).Replace('\\', '/');
        var testProjects = Directory.EnumerateFiles(Path.Join(RepoPaths.Root, "tests"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => Items(XDocument.Load(p), "PackageReference").Contains("Microsoft.NET.Test.Sdk"))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'))
            .ToList();

        Assert.Equal(["tests/AwsPatch.Sandbox.Tests/AwsPatch.Sandbox.Tests.csproj", "tests/AwsPatch.Tests/AwsPatch.Tests.csproj"], testProjects.Order(StringComparer.Ordinal));
        foreach (var project in testProjects)
            Assert.Contains($"\"{project}\"", solution, StringComparison.Ordinal);
    }
}
