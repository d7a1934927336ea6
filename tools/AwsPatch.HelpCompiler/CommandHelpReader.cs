using System.Text.RegularExpressions;

namespace AwsPatch.HelpCompiler;

/// <summary>Reads a cmdlet's markdown (PlatyPS schema 2024-05-01) into a <see cref="CommandHelp"/>.</summary>
public static partial class CommandHelpReader
{
    public static CommandHelp Read(MarkdownHelpFile doc)
    {
        string name = doc.Title ?? throw new FormatException($"{doc.Path}: no '# <cmdlet name>' title.");
        var parameters = MarkdownHelpFile.Subsections(doc.Section("PARAMETERS"))
            .Where(s => s.Heading.StartsWith('-'))
            .Select(s => ReadParameter(doc, s.Heading[1..], s.Body))
            .ToList();
        var links = new List<RelatedLink>();
        if (doc.FrontMatter.TryGetValue("HelpUri", out string? helpUri) && helpUri.Length > 0)
        {
            // Get-Help -Online opens the first related link that has a URI.
            links.Add(new RelatedLink("Online Version:", helpUri));
        }

        links.AddRange(LinkRegex().Matches(doc.Section("RELATED LINKS"))
            .Select(m => new RelatedLink(m.Groups["text"].Value, IsWebAddress(m.Groups["target"].Value) ? m.Groups["target"].Value : string.Empty)));

        return new CommandHelp(
            name,
            MarkdownText.Paragraphs(doc.Section("SYNOPSIS")),
            MarkdownText.Paragraphs(doc.Section("DESCRIPTION")),
            ReadSyntax(doc.Section("SYNTAX"), parameters),
            parameters,
            [.. MarkdownHelpFile.Subsections(doc.Section("EXAMPLES")).Select(s => ReadExample(s.Heading, s.Body))],
            ReadTypes(doc.Section("INPUTS")),
            ReadTypes(doc.Section("OUTPUTS")),
            MarkdownText.Paragraphs(doc.Section("NOTES")),
            links);
    }

    private static ParameterHelp ReadParameter(MarkdownHelpFile doc, string name, string body)
    {
        var yaml = MarkdownHelpFile.CodeBlocks(body, "yaml");
        if (yaml.Count != 1)
        {
            throw new FormatException($"{doc.Path}: '### -{name}' needs exactly one ```yaml block.");
        }

        ParameterMetadata metadata;
        try
        {
            metadata = ParameterMetadata.Parse(yaml[0]);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{doc.Path}: '### -{name}': {e.Message}", e);
        }

        return new ParameterHelp(name, MarkdownText.Paragraphs(WithoutFences(body, "yaml")), metadata);
    }

    /// <summary>One syntax item per <c>### SetName</c> code block, its parameters in the order the block names them.</summary>
    private static List<SyntaxItem> ReadSyntax(string section, List<ParameterHelp> parameters)
    {
        var known = parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sets = MarkdownHelpFile.Subsections(section);
        if (sets.Count == 0)
        {
            sets = [("__AllParameterSets", section)];
        }

        var items = new List<SyntaxItem>();
        foreach (var (heading, body) in sets)
        {
            string setName = heading.Replace("(Default)", string.Empty, StringComparison.Ordinal).Trim();
            foreach (string code in MarkdownHelpFile.CodeBlocks(body, string.Empty))
            {
                var names = SyntaxParameterRegex().Matches(code)
                    .Select(m => m.Groups["name"].Value)
                    .Where(known.Contains)
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToList();
                items.Add(new SyntaxItem(setName, names));
            }
        }

        return items;
    }

    private static ExampleHelp ReadExample(string heading, string body)
    {
        string code = string.Join("\n\n", MarkdownHelpFile.CodeBlocks(body, "powershell").Select(c => c.TrimEnd()));
        return new ExampleHelp(heading, code, MarkdownText.Paragraphs(WithoutFences(body, "powershell")));
    }

    private static List<TypeHelp> ReadTypes(string section) =>
        [.. MarkdownHelpFile.Subsections(section).Select(s => new TypeHelp(s.Heading, MarkdownText.Paragraphs(s.Body)))];

    /// <summary><paramref name="markdown"/> without its fenced blocks in <paramref name="language"/>.</summary>
    private static string WithoutFences(string markdown, string language) =>
        Regex.Replace(markdown, @"^```" + Regex.Escape(language) + @"[ \t]*\n.*?^```[ \t]*$", string.Empty,
            RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnoreCase);

    private static bool IsWebAddress(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex(@"^\s*[-*]\s+\[(?<text>[^\]]+)\]\((?<target>[^)\s]+)\)", RegexOptions.Multiline)]
    private static partial Regex LinkRegex();

    [GeneratedRegex(@"(?<![\w<])-(?<name>[A-Za-z][A-Za-z0-9]*)\b")]
    private static partial Regex SyntaxParameterRegex();
}
