using System.Text.RegularExpressions;
using AwsPatch.Tests.Module;

namespace AwsPatch.Tests.Conformance;

/// <summary>
/// Every AWS operation the module calls, read from its source: each <c>new &lt;Operation&gt;Request</c> in src/AwsPatch
/// whose name is an operation of one of the pinned models. A new call in the module is covered without editing a list.
/// The hand-written Inspector2 client (src/AwsPatch/Aws/Inspector2) is left out: it marshals operations the module may
/// not call (BatchGetFindingDetails); the gateway that uses it constructs the requests the module sends.
/// </summary>
internal static partial class ModuleOperations
{
    public static IReadOnlyList<(string Service, string Operation)> All()
    {
        var models = ServiceModels.Pinned.Keys.Select(ServiceModels.Require).ToList();
        var source = Path.Join(RepoPaths.Root, "src", "AwsPatch");
        var client = Path.Join(source, "Aws", "Inspector2") + Path.DirectorySeparatorChar;
        var names = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.StartsWith(client, StringComparison.Ordinal) && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => RequestConstruction().Matches(File.ReadAllText(file)).Select(m => m.Groups["operation"].Value))
            .Distinct(StringComparer.Ordinal);
        return [.. names
            .SelectMany(name => models.Where(m => m.HasOperation(name)).Select(m => (m.Service, name)))
            .OrderBy(o => o.Service, StringComparer.Ordinal).ThenBy(o => o.name, StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"new\s+(?:[A-Za-z0-9_]+\.)*(?<operation>[A-Z][A-Za-z0-9]+)Request\b")]
    private static partial Regex RequestConstruction();
}
