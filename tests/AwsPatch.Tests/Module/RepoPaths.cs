namespace AwsPatch.Tests.Module;

/// <summary>Paths in the source tree, found by walking up from the test output folder to the folder holding AwsPatch.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string RootManifest => Path.Join(Root, "AwsPatch.psd1");

    public static string DirectoryBuildProps => Path.Join(Root, "Directory.Build.props");

    /// <summary>The format file: beside the root manifest if it lives there, else in src/AwsPatch (STYLE.md section 1).</summary>
    public static string FormatFile =>
        File.Exists(Path.Join(Root, "AwsPatch.Format.ps1xml"))
            ? Path.Join(Root, "AwsPatch.Format.ps1xml")
            : Path.Join(Root, "src", "AwsPatch", "AwsPatch.Format.ps1xml");

    public static string BuildScript => Path.Join(Root, "build.ps1");

    public static string Docs => Path.Join(Root, "docs", "en-US");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "AwsPatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder holding AwsPatch.sln above {AppContext.BaseDirectory}.");
    }
}
