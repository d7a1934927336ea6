namespace AwsPatch.HelpCompiler;

/// <summary>
/// Compiles a docs folder: the cmdlet pages (<c>document type: cmdlet</c>) into one MAML file per
/// <c>external help file</c> they name, each about_ page (<c>document type: about</c>) into its .help.txt.
/// The module page is not help Get-Help reads and is left out.
/// </summary>
public static class HelpCompilation
{
    /// <summary>Writes the help files into <paramref name="outputDir"/> and returns their paths.</summary>
    public static List<string> Compile(string docsDir, string outputDir)
    {
        var docs = Directory.EnumerateFiles(docsDir, "*.md")
            .Order(StringComparer.Ordinal)
            .Select(MarkdownHelpFile.Load)
            .ToList();
        Directory.CreateDirectory(outputDir);
        var written = new List<string>();
        var cmdletPages = docs.Where(d => d.FrontMatter.GetValueOrDefault("document type") == "cmdlet");
        foreach (var file in cmdletPages.GroupBy(d => d.FrontMatter.GetValueOrDefault("external help file") ?? string.Empty))
        {
            if (file.Key.Length == 0 || file.Key.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                throw new FormatException($"{file.First().Path}: front matter 'external help file' is missing or not a file name.");
            }

            string path = Path.Join(outputDir, file.Key);
            MamlWriter.Write(file.Select(CommandHelpReader.Read), path);
            written.Add(path);
        }

        foreach (var about in docs.Where(d => d.FrontMatter.GetValueOrDefault("document type") == "about"))
        {
            string path = Path.Join(outputDir, Path.GetFileNameWithoutExtension(about.Path) + ".help.txt");
            File.WriteAllText(path, AboutTopicWriter.ToText(about), new System.Text.UTF8Encoding(false));
            written.Add(path);
        }

        return written;
    }
}
