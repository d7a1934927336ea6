using System.Management.Automation;
using System.Reflection;

namespace AwsPatch.Tests.Module;

/// <summary>STYLE.md sections 2, 4 and 5, checked over every cmdlet class the AwsPatch assembly declares.</summary>
public sealed class CmdletConventionTests
{
    private static readonly HashSet<string> StateChangingVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "New", "Invoke", "Remove", "Restore", "Stop", "Set", "Start", "Export", "Update", "Install", "Clear", "Reset",
    };

    /// <summary>
    /// New-* cmdlets that only build an object in memory and write nothing to AWS or disk (like New-TimeSpan): nothing
    /// to confirm, so no ShouldProcess.
    /// </summary>
    private static readonly HashSet<string> InMemoryNew = new(StringComparer.Ordinal) { "New-PatchPlan", "New-PatchRolloutPlan" };

    [Fact]
    public void Every_cmdlet_class_is_sealed_and_lives_in_AwsPatch_Commands() =>
        AssertAll(t =>
            (t.IsSealed ? null : "is not sealed")
            ?? (t.Namespace == "AwsPatch.Commands" ? null : $"is in namespace {t.Namespace}, not AwsPatch.Commands")
            ?? (t.Name == ModuleAssembly.CmdletName(t).Replace("-", string.Empty, StringComparison.Ordinal) + "Command"
                ? null
                : $"should be named {ModuleAssembly.CmdletName(t).Replace("-", string.Empty, StringComparison.Ordinal)}Command"));

    [Fact]
    public void Every_cmdlet_uses_an_approved_verb()
    {
        var approved = ApprovedVerbs();
        Assert.Contains("Get", approved);
        AssertAll(t =>
        {
            string verb = t.GetCustomAttribute<CmdletAttribute>()!.VerbName;
            return approved.Contains(verb) ? null : $"verb '{verb}' is not an approved verb";
        });
    }

    [Fact]
    public void Every_cmdlet_noun_starts_with_Patch() =>
        AssertAll(t =>
        {
            string noun = t.GetCustomAttribute<CmdletAttribute>()!.NounName;
            return noun.StartsWith("Patch", StringComparison.Ordinal) && noun.Length > "Patch".Length
                ? null
                : $"noun '{noun}' does not start with 'Patch'";
        });

    [Fact]
    public void Every_cmdlet_declares_an_element_OutputType() =>
        AssertAll(t =>
        {
            var declared = t.GetCustomAttributes<OutputTypeAttribute>().SelectMany(a => a.Type).ToList();
            if (declared.Count == 0)
            {
                return "has no [OutputType]";
            }

            var bad = declared.Where(n => n.Type is null || n.Type.IsArray || n.Type == typeof(object) || n.Type == typeof(PSObject)).ToList();
            return bad.Count == 0 ? null : $"[OutputType] names {string.Join(", ", bad.Select(n => n.Name))}: declare the element type";
        });

    [Fact]
    public void State_changing_verbs_support_ShouldProcess() =>
        AssertAll(t =>
        {
            var attribute = t.GetCustomAttribute<CmdletAttribute>()!;
            return !StateChangingVerbs.Contains(attribute.VerbName) || attribute.SupportsShouldProcess || InMemoryNew.Contains(ModuleAssembly.CmdletName(t))
                ? null
                : $"verb '{attribute.VerbName}' changes state but the cmdlet does not declare SupportsShouldProcess";
        });

    [Fact]
    public void The_imported_module_exports_exactly_the_cmdlet_classes()
    {
        using var host = Hosting.PowerShellHost.Create();

        var exported = host.Module.ExportedCmdlets.Keys.Order(StringComparer.OrdinalIgnoreCase);
        var declared = ModuleAssembly.CmdletTypes.Select(ModuleAssembly.CmdletName).Order(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(declared, exported);
        Assert.Empty(host.Module.ExportedFunctions);
        Assert.Empty(host.Module.ExportedAliases);
        Assert.Empty(host.Module.ExportedVariables);
    }

    /// <summary>The verbs PowerShell approves (what Get-Verb lists): the public constants of the Verbs* classes.</summary>
    internal static HashSet<string> ApprovedVerbs() =>
        new(
            typeof(VerbsCommon).Assembly.GetExportedTypes()
                .Where(t => t.Namespace == "System.Management.Automation" && t.Name.StartsWith("Verbs", StringComparison.Ordinal))
                .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!),
            StringComparer.OrdinalIgnoreCase);

    private static void AssertAll(Func<Type, string?> check)
    {
        var failures = ModuleAssembly.CmdletTypes
            .Select(t => (Type: t, Failure: check(t)))
            .Where(x => x.Failure is not null)
            .Select(x => $"{x.Type.FullName}: {x.Failure}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
