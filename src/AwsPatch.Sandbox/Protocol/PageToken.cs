using System.Text;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// Opaque NextToken values: they carry the sort key of the last item returned and a fingerprint of the
/// request they belong to, so a page continues after that item even when the fleet changed in between.
/// </summary>
internal static class PageToken
{
    private const string Magic = "sbx1";

    public static string Create(string operation, string fingerprint, string lastKey)
    {
        var raw = $"{Magic}\n{operation}\n{Fingerprint(fingerprint)}\n{lastKey}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw));
    }

    /// <summary>The last key of the previous page, or null when <paramref name="token"/> is not one of ours for this request.</summary>
    public static string? TryRead(string token, string operation, string fingerprint)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            return parts.Length == 4 && parts[0] == Magic && parts[1] == operation && parts[2] == Fingerprint(fingerprint)
                ? parts[3]
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Items sorted by <paramref name="key"/> after <paramref name="after"/>, at most <paramref name="pageSize"/>.</summary>
    public static (List<T> Page, string? LastKey) Slice<T>(IEnumerable<T> items, Func<T, string> key, string? after, int pageSize)
    {
        var ordered = items.OrderBy(key, StringComparer.Ordinal);
        var remaining = after is null ? ordered : ordered.Where(i => string.CompareOrdinal(key(i), after) > 0);
        var page = remaining.Take(pageSize + 1).ToList();
        if (page.Count <= pageSize) return (page, null);
        page.RemoveAt(page.Count - 1);
        return (page, key(page[^1]));
    }

    private static string Fingerprint(string value)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return Convert.ToHexString(hash, 0, 8);
    }
}
