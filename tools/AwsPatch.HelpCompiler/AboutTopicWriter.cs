using System.Text;

namespace AwsPatch.HelpCompiler;

/// <summary>
/// Writes an about_ topic's markdown as the plain text Get-Help reads from <c>about_&lt;Name&gt;.help.txt</c>: TOPIC,
/// then each <c>## </c> section as an upper-case heading with its text indented four spaces (Get-Help takes the line
/// under SHORT DESCRIPTION as the synopsis), <c>### </c> headings at the indent, code indented eight.
/// </summary>
public static class AboutTopicWriter
{
    private const string Indent = "    ";

    public static string ToText(MarkdownHelpFile doc)
    {
        string title = doc.Title ?? throw new FormatException($"{doc.Path}: no '# about_<Name>' title.");
        var text = new StringBuilder();
        text.Append("TOPIC\n").Append(Indent).Append(title).Append('\n');
        foreach (var (heading, body) in doc.Sections)
        {
            text.Append('\n').Append(heading.ToUpperInvariant()).Append('\n');
            AppendBody(text, body.Trim());
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static void AppendBody(StringBuilder text, string body)
    {
        bool inFence = false;
        bool lastBlank = true;
        foreach (string raw in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                text.Append(Indent).Append(Indent).Append(line).Append('\n');
                lastBlank = false;
            }
            else if (line.Length == 0)
            {
                if (!lastBlank)
                {
                    text.Append('\n');
                }

                lastBlank = true;
            }
            else
            {
                string content = line.StartsWith("### ", StringComparison.Ordinal) ? line[4..].Trim().ToUpperInvariant() : MarkdownText.Inline(line);
                text.Append(Indent).Append(content).Append('\n');
                lastBlank = false;
            }
        }
    }
}
