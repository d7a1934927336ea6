using System.Text.Json;
using System.Text.RegularExpressions;

namespace AwsPatch.Tests.Module;

/// <summary>
/// examples/iam/AwsPatch-policy.json grants exactly the AWS operations the module calls: every SDK call in the
/// gateways under src/AwsPatch/Aws/ and its service folders (found in the source), plus ec2:CreateTags, which EC2 authorizes separately for
/// tags applied by CreateSnapshots and CreateReplaceRootVolumeTask. about_AwsPatch lists them per cmdlet.
/// </summary>
public sealed partial class IamPolicyTests
{
    private static readonly string PolicyPath = Path.Join(RepoPaths.Root, "examples", "iam", "AwsPatch-policy.json");

    [Fact]
    public void Every_SDK_call_in_the_gateways_carries_its_IAM_action_name()
    {
        var unnamed = new List<string>();
        foreach (var file in GatewaySources())
        {
            var text = File.ReadAllText(file);
            var named = NamedCall().Matches(text).Count;
            var calls = ClientCall().Matches(text).Count;
            if (named != calls)
                unnamed.Add($"{Path.GetFileName(file)}: {calls} client calls, {named} wrapped as \"service:Operation\" with the same operation");
        }

        Assert.True(unnamed.Count == 0, string.Join(Environment.NewLine, unnamed));
        Assert.Contains("ssm:SendCommand", CalledOperations());
    }

    [Fact]
    public void The_policy_allows_exactly_the_operations_the_module_calls()
    {
        var expected = CalledOperations().Append("ec2:CreateTags").ToHashSet(StringComparer.Ordinal);

        var granted = PolicyActions();

        Assert.Equal(expected.Order(StringComparer.Ordinal), granted.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(granted.Count, granted.Distinct().Count());
    }

    [Fact]
    public void CreateTags_is_allowed_only_on_creation_by_the_calls_that_tag()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(PolicyPath));
        var tagging = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .Single(s => Actions(s).Contains("ec2:CreateTags"));

        Assert.Equal(["ec2:CreateTags"], Actions(tagging));
        var createActions = tagging.GetProperty("Condition").GetProperty("StringEquals").GetProperty("ec2:CreateAction")
            .EnumerateArray().Select(a => "ec2:" + a.GetString()).ToList();
        Assert.Equal(["ec2:CreateReplaceRootVolumeTask", "ec2:CreateSnapshots"], createActions.Order(StringComparer.Ordinal));
        Assert.All(createActions, a => Assert.Contains(a, CalledOperations()));
        Assert.All(policy.RootElement.GetProperty("Statement").EnumerateArray(), s => Assert.Equal("Allow", s.GetProperty("Effect").GetString()));
    }

    [Fact]
    public void About_AwsPatch_lists_the_actions_per_cmdlet_and_together_they_are_the_policy()
    {
        var about = File.ReadAllText(Path.Join(RepoPaths.Docs, "about_AwsPatch.md"));
        var rows = PermissionRow().Matches(about).ToDictionary(m => m.Groups["cmdlet"].Value, m => m.Groups["actions"].Value, StringComparer.Ordinal);

        var cmdlets = ModuleAssembly.CmdletTypes.Select(ModuleAssembly.CmdletName).ToList();
        Assert.Equal(cmdlets.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        var listed = rows.Values.SelectMany(a => ActionName().Matches(a).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(PolicyActions().Distinct().Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    /// <summary>The "service:Operation" names the gateways give their SDK calls.</summary>
    private static IReadOnlyCollection<string> CalledOperations() =>
        GatewaySources().SelectMany(f => NamedCall().Matches(File.ReadAllText(f)).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> GatewaySources() =>
        Directory.GetFiles(Path.Join(RepoPaths.Root, "src", "AwsPatch", "Aws"), "*Gateway.cs", SearchOption.AllDirectories);

    private static List<string> PolicyActions()
    {
        using var policy = JsonDocument.Parse(File.ReadAllText(PolicyPath));
        Assert.Equal("2012-10-17", policy.RootElement.GetProperty("Version").GetString());
        return [.. policy.RootElement.GetProperty("Statement").EnumerateArray().SelectMany(Actions)];
    }

    private static List<string> Actions(JsonElement statement)
    {
        var action = statement.GetProperty("Action");
        return action.ValueKind == JsonValueKind.Array ? [.. action.EnumerateArray().Select(a => a.GetString()!)] : [action.GetString()!];
    }

    // "ec2:DescribeInstances", () => _client.DescribeInstancesAsync(  — the name and the SDK method agree.
    [GeneratedRegex("\"(?<name>(?<service>ec2|ssm|inspector2):(?<op>\\w+))\",\\s*\\(\\)\\s*=>\\s*_client\\.\\k<op>Async\\(")]
    private static partial Regex NamedCall();

    [GeneratedRegex("_client\\.\\w+Async\\(")]
    private static partial Regex ClientCall();

    [GeneratedRegex("^\\| `(?<cmdlet>[A-Z]\\w+-Patch\\w+)` \\| (?<actions>[^\\n]+) \\|$", RegexOptions.Multiline)]
    private static partial Regex PermissionRow();

    [GeneratedRegex("\\b(ec2|ssm|inspector2):\\w+")]
    private static partial Regex ActionName();
}
