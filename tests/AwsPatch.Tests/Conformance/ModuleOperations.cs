using System.Text.RegularExpressions;
using AwsPatch.Tests.Module;

namespace AwsPatch.Tests.Conformance;

/// <summary>
/// Every AWS operation the module calls, read from its source: each <c>new &lt;Operation&gt;Request</c> in src/AwsPatch
/// whose name is an operation of one of the pinned models. A new call in the module is covered without editing a list.
/// The hand-written Inspector2 client (src/AwsPatch/Aws/Inspector2: AmazonInspector2*.cs, Internal/, Model/) is left
/// out: it marshals its operations whether or not the module calls them; the gateway beside it (InspectorGateway)
/// constructs the requests the module sends.
/// </summary>
internal static partial class ModuleOperations
{
    public static IReadOnlyList<(string Service, string Operation)> All()
    {
        var models = ServiceModels.Pinned.Keys.Select(ServiceModels.Require).ToList();
        var source = Path.Join(RepoPaths.Root, "src", "AwsPatch");
        var inspector2 = Path.Join(source, "Aws", "Inspector2") + Path.DirectorySeparatorChar;
        bool IsClient(string file) => file.StartsWith(inspector2, StringComparison.Ordinal)
            && (Path.GetFileName(file).StartsWith("AmazonInspector2", StringComparison.Ordinal)
                || file.StartsWith(inspector2 + "Internal" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                || file.StartsWith(inspector2 + "Model" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        var names = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsClient(file) && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => RequestConstruction().Matches(File.ReadAllText(file)).Select(m => m.Groups["operation"].Value))
            .Distinct(StringComparer.Ordinal);
        return [.. names
            .SelectMany(name => models.Where(m => m.HasOperation(name)).Select(m => (m.Service, name)))
            .OrderBy(o => o.Service, StringComparer.Ordinal).ThenBy(o => o.name, StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"new\s+(?:[A-Za-z0-9_]+\.)*(?<operation>[A-Z][A-Za-z0-9]+)Request\b")]
    private static partial Regex RequestConstruction();
}
