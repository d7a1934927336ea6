using System.Text.RegularExpressions;

namespace AwsPatch.HelpCompiler;

/// <summary>
/// Just enough of a PlatyPS (schema 2024-05-01) markdown file for the help compiler and the docs convention
/// tests: the YAML front matter as flat key/value pairs, the H1 title, and the text under each <c>## </c>
/// heading, in order.
/// </summary>
public sealed partial class MarkdownHelpFile
{
    private MarkdownHelpFile(string path, string text)
    {
        Path = path;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int i = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (i = 1; i < lines.Length && lines[i].Trim() != "---"; i++)
            {
                int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && !char.IsWhiteSpace(lines[i][0]))
                {
                    FrontMatter[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim().Trim('\'', '"');
                }
            }

            i++;
        }

        string? current = null;
        var body = new List<string>();
        bool inFence = false;
        for (; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (!inFence && line.StartsWith("# ", StringComparison.Ordinal) && Title is null)
            {
                Title = line[2..].Trim();
            }
            else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    Sections.Add((current, string.Join("\n", body)));
                }

                current = line[3..].Trim();
                body.Clear();
            }
            else if (current is not null)
            {
                body.Add(line);
            }
        }

        if (current is not null)
        {
            Sections.Add((current, string.Join("\n", body)));
        }
    }

    public string Path { get; }

    public Dictionary<string, string> FrontMatter { get; } = new(StringComparer.Ordinal);

    public string? Title { get; }

    public List<(string Heading, string Body)> Sections { get; } = [];

    public static MarkdownHelpFile Load(string path) => new(path, File.ReadAllText(path));

    public string Section(string heading) =>
        Sections.FirstOrDefault(s => s.Heading.Equals(heading, StringComparison.OrdinalIgnoreCase)).Body ?? string.Empty;

    /// <summary>The <c>### </c> subsections of a section: heading and body.</summary>
    public static List<(string Heading, string Body)> Subsections(string sectionBody)
    {
        var result = new List<(string, string)>();
        string? current = null;
        var body = new List<string>();
        bool inFence = false;
        foreach (string line in sectionBody.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (!inFence && line.StartsWith("### ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    result.Add((current, string.Join("\n", body)));
                }

                current = line[4..].Trim();
                body.Clear();
            }
            else if (current is not null)
            {
                body.Add(line);
            }
        }

        if (current is not null)
        {
            result.Add((current, string.Join("\n", body)));
        }

        return result;
    }

    /// <summary>The contents of the fenced code blocks in <paramref name="text"/> whose info string is <paramref name="language"/>.</summary>
    public static List<string> CodeBlocks(string text, string language) =>
        [.. FenceRegex().Matches(text)
            .Where(m => m.Groups["lang"].Value.Equals(language, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Groups["code"].Value)];

    [GeneratedRegex(@"^```(?<lang>[A-Za-z0-9]*)[ \t]*\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FenceRegex();
}
