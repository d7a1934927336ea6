using System.IO;
using AwsPatch.Aws;

namespace AwsPatch.Reports
{
    /// <summary>
    /// The one way text reaches a report's HTML: every character that could end a text node or an attribute value
    /// (&amp; &lt; &gt; " ') is replaced by its character reference, so a string from AWS can never become markup.
    /// Safe in element text and in double- or single-quoted attributes. What <see cref="SafeText"/> calls unsafe (C0/C1
    /// controls, bidi overrides and isolates) becomes U+FFFD here too, whatever made the object: a reversed cell can
    /// never reorder the page.
    /// </summary>
    internal static class HtmlText
    {
        public static void Write(TextWriter writer, string? text)
        {
            if (string.IsNullOrEmpty(text))
                return;
            foreach (var c in text!)
            {
                switch (c)
                {
                    case '&': writer.Write("&amp;"); break;
                    case '<': writer.Write("&lt;"); break;
                    case '>': writer.Write("&gt;"); break;
                    case '"': writer.Write("&quot;"); break;
                    case '\'': writer.Write("&#39;"); break;
                    default:
                        writer.Write(IsAllowed(c) ? c : '\uFFFD');
                        break;
                }
            }
        }

        public static string Encode(string? text)
        {
            using (var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture))
            {
                Write(writer, text);
                return writer.ToString();
            }
        }

        private static bool IsAllowed(char c) => !SafeText.IsUnsafe(c);
    }
}
