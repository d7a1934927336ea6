using System.Xml;
using System.Xml.Linq;

namespace AwsPatch.HelpCompiler;

/// <summary>
/// Writes <see cref="CommandHelp"/> as MAML, the external help format Get-Help reads from
/// <c>en-US/&lt;Module&gt;.dll-Help.xml</c>: the shape of the help files PowerShell ships (helpItems → command:command
/// with details, description, syntax, parameters, inputTypes, returnValues, alertSet, examples, relatedLinks).
/// </summary>
public static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument ToMaml(IEnumerable<CommandHelp> commands) =>
        new(new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(ToCommand)));

    public static void Write(IEnumerable<CommandHelp> commands, string path)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false), NewLineChars = "\n" };
        using var writer = XmlWriter.Create(path, settings);
        ToMaml(commands).Save(writer);
    }

    private static XElement ToCommand(CommandHelp help)
    {
        int dash = help.Name.IndexOf('-', StringComparison.Ordinal);
        var byName = help.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", dash > 0 ? help.Name[..dash] : help.Name),
                new XElement(Command + "noun", dash > 0 ? help.Name[(dash + 1)..] : string.Empty),
                Description(help.Synopsis)),
            Description(help.Description),
            new XElement(Command + "syntax", help.Syntax.Select(item =>
                new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", help.Name),
                    item.ParameterNames.Select(n => Parameter(byName[n], item.SetName, inSyntax: true))))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, setName: null, inSyntax: false))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeEntry(Command + "inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeEntry(Command + "returnValue", t))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paras(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(e =>
                new XElement(Command + "example",
                    new XElement(Maml + "title", $"---------- {e.Title} ----------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", Paras(e.Remarks))))),
            new XElement(Maml + "relatedLinks", help.Links.Select(l =>
                new XElement(Maml + "navigationLink",
                    new XElement(Maml + "linkText", l.Text),
                    new XElement(Maml + "uri", l.Uri)))));
    }

    /// <summary>
    /// A command:parameter. In a syntax item, required and position are those of that set (a parameter absent from
    /// the set's own entry takes its "(All)" entry); in the parameters list, those of any set that makes it
    /// required or positional, as Get-Help -Parameter shows one answer per parameter.
    /// </summary>
    private static XElement Parameter(ParameterHelp parameter, string? setName, bool inSyntax)
    {
        var metadata = parameter.Metadata;
        var sets = setName is null
            ? metadata.Sets
            : metadata.Sets.Where(s => s.Name == setName).DefaultIfEmpty(metadata.Sets.FirstOrDefault(s => s.Name == ParameterSetEntry.AllSets) ?? metadata.Sets[0]).ToList();
        bool required = sets.Any(s => s.IsRequired);
        string position = sets.FirstOrDefault(s => s.IsPositional)?.Position ?? "named";
        bool byValue = sets.Any(s => s.ValueFromPipeline);
        bool byName = sets.Any(s => s.ValueFromPipelineByPropertyName);
        string pipelineInput = (byValue, byName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

        // A switch takes no value: Get-Help shows it as [-Name] in syntax, and its parameterValue is not required.
        XElement? value = inSyntax && metadata.IsSwitch
            ? null
            : new XElement(Command + "parameterValue",
                new XAttribute("required", metadata.IsSwitch ? "false" : "true"),
                new XAttribute("variableLength", metadata.Type.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
                metadata.Type);
        XElement? valueGroup = inSyntax && metadata.AcceptedValues.Count > 0
            ? new XElement(Command + "parameterValueGroup", metadata.AcceptedValues.Select(v =>
                new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v)))
            : null;

        return new XElement(Command + "parameter",
            new XAttribute("required", required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", metadata.SupportsWildcards ? "true" : "false"),
            new XAttribute("pipelineInput", pipelineInput),
            new XAttribute("position", position),
            new XAttribute("aliases", metadata.Aliases.Count > 0 ? string.Join(", ", metadata.Aliases) : "none"),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description),
            valueGroup ?? value,
            new XElement(Dev + "type", new XElement(Maml + "name", metadata.Type), new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", metadata.DefaultValue));
    }

    private static XElement TypeEntry(XName name, TypeHelp type) =>
        new(name,
            new XElement(Dev + "type", new XElement(Maml + "name", type.TypeName)),
            Description(type.Description));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paras(paragraphs));

    private static IEnumerable<XElement> Paras(IEnumerable<string> paragraphs) =>
        paragraphs.Select(p => new XElement(Maml + "para", p));
}
