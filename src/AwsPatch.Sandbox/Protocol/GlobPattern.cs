using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>EC2 filter value matching: <c>*</c> is any run of characters, <c>?</c> one character, <c>\</c> escapes.</summary>
internal static class GlobPattern
{
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    public static bool IsMatch(string pattern, string? value)
    {
        if (value is null) return false;
        if (pattern.IndexOfAny(['*', '?', '\\']) < 0) return string.Equals(pattern, value, StringComparison.Ordinal);
        return Cache.GetOrAdd(pattern, Compile).IsMatch(value);
    }

    private static Regex Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) regex.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '*') regex.Append(".*");
            else if (c == '?') regex.Append('.');
            else regex.Append(Regex.Escape(c.ToString()));
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
