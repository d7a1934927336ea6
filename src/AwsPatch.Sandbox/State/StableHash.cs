namespace AwsPatch.Sandbox;

/// <summary>FNV-1a over a string: the sandbox's generated data derives from ids with it, so every run sees the same fleet.</summary>
internal static class StableHash
{
    /// <summary>Neighbouring inputs ("...#7", "...#8") get unrelated values.</summary>
    public static int Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619u);
        return (int)(hash & int.MaxValue);
    }
}
