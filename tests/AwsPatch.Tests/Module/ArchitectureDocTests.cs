using System.Text.RegularExpressions;

namespace AwsPatch.Tests.Module;

/// <summary>docs/ARCHITECTURE.md describes the tree as it is: every source folder, and only paths and types that exist.</summary>
public sealed class ArchitectureDocTests
{
    private static readonly string SourceRoot = Path.Join(RepoPaths.Root, "src", "AwsPatch");

    private static string Doc() => File.ReadAllText(Path.Join(RepoPaths.Root, "docs", "ARCHITECTURE.md"));

    [Fact]
    public void Every_source_folder_is_named()
    {
        var doc = Doc();
        foreach (var folder in Directory.GetDirectories(SourceRoot).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")))
            Assert.Contains($"{folder}/", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_source_path_it_names_exists()
    {
        // `Commands/Common/SessionBatches<T>`, `Aws/Pages.AllAsync`, `Instances/InstanceIds.Check`, `Aws/Inspector2/` …
        var paths = Regex.Matches(Doc(), @"`((?:Commands|Aws|Common|Instances|Findings|Snapshots|Runs|Rollouts|Planning|Compliance|Reports|Model)/[^`\s]*)`")
            .Select(m => m.Groups[1].Value)
            .Where(p => !Regex.IsMatch(p, "<[A-Z][a-z]+>"))   // placeholders: `Commands/<Verb><Noun>Command.cs`
            .ToList();
        Assert.NotEmpty(paths);
        foreach (var path in paths)
        {
            var name = Regex.Replace(path, @"<[^>]*>", "").TrimEnd('/');
            var file = name.Contains('.') && !name.EndsWith(".cs", StringComparison.Ordinal) ? name[..name.LastIndexOf('.')] : name;
            var full = Path.Join(SourceRoot, file);
            Assert.True(Directory.Exists(full) || File.Exists(full) || File.Exists(full + ".cs"), $"docs/ARCHITECTURE.md names `{path}`, which is not in src/AwsPatch.");
        }
    }
}
