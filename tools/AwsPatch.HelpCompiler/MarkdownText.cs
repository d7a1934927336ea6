using System.Text.RegularExpressions;

namespace AwsPatch.HelpCompiler;

/// <summary>
/// Markdown prose as the plain text help shows: bold and italic markers and link targets go, code spans keep their
/// backticks, a blank line ends a paragraph. Lists, tables and fenced code keep their line breaks.
/// </summary>
public static partial class MarkdownText
{
    /// <summary>The paragraphs of <paramref name="markdown"/>, each as one string.</summary>
    public static List<string> Paragraphs(string markdown)
    {
        var paragraphs = new List<string>();
        var block = new List<string>();
        var fence = new List<string>();
        bool inFence = false;
        foreach (string line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                if (inFence)
                {
                    paragraphs.Add(string.Join("\n", fence).TrimEnd());
                    fence.Clear();
                }
                else
                {
                    Flush(block, paragraphs);
                }

                inFence = !inFence;
            }
            else if (inFence)
            {
                fence.Add(line);
            }
            else if (line.Trim().Length == 0)
            {
                Flush(block, paragraphs);
            }
            else
            {
                block.Add(line.Trim());
            }
        }

        Flush(block, paragraphs);
        return paragraphs;
    }

    /// <summary>One line of markdown without its inline markup: <c>**Name**</c> reads Name, <c>[text](target)</c> reads text.</summary>
    public static string Inline(string text)
    {
        text = LinkRegex().Replace(text, "${text}");
        return EmphasisRegex().Replace(text, string.Empty);
    }

    private static void Flush(List<string> block, List<string> paragraphs)
    {
        if (block.Count == 0)
        {
            return;
        }

        // A list or a table keeps one line per item or row; prose wraps as one line.
        bool keepLines = block.Any(l => ListItemRegex().IsMatch(l) || l.StartsWith('|'));
        paragraphs.Add(string.Join(keepLines ? "\n" : " ", block.Select(Inline)));
        block.Clear();
    }

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex LinkRegex();

    [GeneratedRegex(@"\*\*|__")]
    private static partial Regex EmphasisRegex();

    [GeneratedRegex(@"^([-*+]|\d+\.)\s")]
    private static partial Regex ListItemRegex();
}
