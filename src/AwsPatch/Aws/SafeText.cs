using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The one rule for text that comes from AWS (tag values, finding titles, command output, patch titles) before it
    /// enters the model users see: characters that would act on a terminal or on the reading order instead of being
    /// read become U+FFFD. That is every C0 control but tab and line feed (carriage return only as part of CR LF), so
    /// ESC and the sequences it starts are dead; DEL; every C1 control (U+0080–U+009F, CSI included); and the bidi
    /// embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069) that reverse what follows them. Every
    /// mapper from gateway records to model objects uses it, so the console views, errors and reports all get clean text.
    /// </summary>
    internal static class SafeText
    {
        public const char Replacement = '\uFFFD';

        /// <summary>True for a character that must never reach a terminal or a page as is (see the class summary; CR is decided with its neighbour).</summary>
        public static bool IsUnsafe(char c) =>
            (c < ' ' && c != '\t' && c != '\n' && c != '\r')
            || (c >= '\u007F' && c <= '\u009F')
            || (c >= '\u202A' && c <= '\u202E')
            || (c >= '\u2066' && c <= '\u2069');

        /// <summary><paramref name="text"/> with every unsafe character replaced; the same instance when there is none.</summary>
        public static string? Of(string? text)
        {
            if (string.IsNullOrEmpty(text) || !NeedsWork(text!))
                return text;
            var clean = new StringBuilder(text!.Length);
            for (var i = 0; i < text.Length; i++)
                clean.Append(IsUnsafeAt(text, i) ? Replacement : text[i]);
            return clean.ToString();
        }

        /// <summary>Like <see cref="Of(string)"/> for text that is never null.</summary>
        public static string Text(string text) => Of(text) ?? string.Empty;

        public static IReadOnlyList<string> List(IEnumerable<string> values) => values.Select(Text).ToList();

        /// <summary>Tags with keys and values made safe (two keys that differ only in unsafe characters keep the first).</summary>
        public static IReadOnlyDictionary<string, string> Tags(IReadOnlyDictionary<string, string> tags)
        {
            if (!tags.Any(t => NeedsWork(t.Key) || NeedsWork(t.Value)))
                return tags;
            var clean = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                var key = Text(tag.Key);
                if (!clean.ContainsKey(key))
                    clean[key] = Text(tag.Value);
            }
            return clean;
        }

        private static bool NeedsWork(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (IsUnsafeAt(text, i))
                    return true;
            }
            return false;
        }

        /// <summary>A carriage return is kept only as the first half of CR LF: alone it moves the cursor back over text already shown.</summary>
        private static bool IsUnsafeAt(string text, int i) =>
            text[i] == '\r' ? i + 1 >= text.Length || text[i + 1] != '\n' : IsUnsafe(text[i]);
    }
}
