using System.Management.Automation;
using System.Reflection;

namespace AwsPatch.Tests.Module;

/// <summary>What the AwsPatch assembly declares, by reflection: its cmdlets and its output (model) types.</summary>
internal static class ModuleAssembly
{
    public static Assembly Assembly { get; } = Assembly.Load(new AssemblyName("AwsPatch"));

    /// <summary>Every non-abstract type deriving from Cmdlet that carries [Cmdlet].</summary>
    public static IReadOnlyList<Type> CmdletTypes { get; } =
    [
        .. Assembly.GetTypes()
            .Where(t => typeof(Cmdlet).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<CmdletAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    /// <summary>
    /// The types users see: public classes in namespace AwsPatch (the Model folder) that are not cmdlets,
    /// exceptions, attributes, static classes or module initializers, plus any AwsPatch type a cmdlet declares
    /// in [OutputType].
    /// </summary>
    public static IReadOnlyList<Type> ModelTypes { get; } =
    [
        .. Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.Namespace == "AwsPatch" && !(t.IsAbstract && t.IsSealed)
                && !typeof(Cmdlet).IsAssignableFrom(t) && !typeof(Exception).IsAssignableFrom(t) && !typeof(Attribute).IsAssignableFrom(t)
                && !typeof(IModuleAssemblyInitializer).IsAssignableFrom(t) && !typeof(IModuleAssemblyCleanup).IsAssignableFrom(t))
            .Concat(CmdletTypes.SelectMany(OutputTypes).Where(t => t.Assembly == Assembly))
            .Distinct()
            .OrderBy(t => t.FullName, StringComparer.Ordinal),
    ];

    public static string CmdletName(Type cmdletType)
    {
        var attribute = cmdletType.GetCustomAttribute<CmdletAttribute>()!;
        return attribute.VerbName + "-" + attribute.NounName;
    }

    public static IEnumerable<Type> OutputTypes(Type cmdletType) =>
        cmdletType.GetCustomAttributes<OutputTypeAttribute>()
            .SelectMany(a => a.Type)
            .Select(name => name.Type)
            .OfType<Type>();
}
