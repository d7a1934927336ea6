using System.Globalization;
using AwsPatch.HelpCompiler;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace AwsPatch.Tests.Module;

/// <summary>
/// STYLE.md section 11: every exported cmdlet has hand-written help in the Microsoft.PowerShell.PlatyPS schema
/// (2024-05-01) under docs/en-US, documenting exactly its parameters, with examples that use real parameters.
/// Following PlatyPS v2, -WhatIf and -Confirm are documented as parameters when (and only when) the cmdlet
/// supports ShouldProcess; the other common parameters are not (a "### CommonParameters" note may stand for them).
/// </summary>
public sealed class HelpDocsTests(HostedModuleFixture fixture) : IClassFixture<HostedModuleFixture>
{
    private static readonly string[] CmdletSections =
        ["SYNOPSIS", "SYNTAX", "ALIASES", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    [Fact]
    public void Every_cmdlet_has_a_help_file_in_the_PlatyPS_schema()
    {
        var failures = new List<string>();
        foreach (var cmdlet in Cmdlets())
        {
            string path = Path.Join(RepoPaths.Docs, cmdlet.Name + ".md");
            if (!File.Exists(path))
            {
                failures.Add($"{cmdlet.Name}: {path} is missing");
                continue;
            }

            var doc = MarkdownHelpFile.Load(path);
            failures.AddRange(FrontMatterFailures(doc, cmdlet).Select(f => $"{cmdlet.Name}: {f}"));
            if (doc.Title != cmdlet.Name)
            {
                failures.Add($"{cmdlet.Name}: the H1 title is '{doc.Title}'");
            }

            var headings = doc.Sections.Select(s => s.Heading).ToList();
            if (!headings.SequenceEqual(CmdletSections))
            {
                failures.Add($"{cmdlet.Name}: sections are [{string.Join(", ", headings)}]; expected [{string.Join(", ", CmdletSections)}] in that order");
            }

            foreach (string required in new[] { "SYNOPSIS", "DESCRIPTION" })
            {
                if (string.IsNullOrWhiteSpace(doc.Section(required)))
                {
                    failures.Add($"{cmdlet.Name}: {required} is empty");
                }
            }

            if (!MarkdownHelpFile.CodeBlocks(doc.Section("SYNTAX"), string.Empty).Any(c => c.Contains(cmdlet.Name, StringComparison.Ordinal)))
            {
                failures.Add($"{cmdlet.Name}: SYNTAX has no code block with the cmdlet's syntax");
            }

            foreach (var type in ModuleAssembly.OutputTypes(cmdlet.ImplementingType))
            {
                if (!doc.Section("OUTPUTS").Contains(type.FullName!, StringComparison.Ordinal))
                {
                    failures.Add($"{cmdlet.Name}: OUTPUTS does not name {type.FullName}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_cmdlet_help_documents_exactly_its_parameters()
    {
        var failures = new List<string>();
        foreach (var cmdlet in Cmdlets())
        {
            string path = Path.Join(RepoPaths.Docs, cmdlet.Name + ".md");
            if (!File.Exists(path))
            {
                continue; // reported by Every_cmdlet_has_a_help_file_in_the_PlatyPS_schema
            }

            var documented = MarkdownHelpFile.Subsections(MarkdownHelpFile.Load(path).Section("PARAMETERS"))
                .Where(s => s.Heading != "CommonParameters")
                .ToList();
            foreach (var bad in documented.Where(s => !s.Heading.StartsWith('-')))
            {
                failures.Add($"{cmdlet.Name}: PARAMETERS has '### {bad.Heading}'; parameters are '### -<Name>'");
            }

            var names = documented.Where(s => s.Heading.StartsWith('-')).Select(s => s.Heading[1..]).ToList();
            var expected = DocumentedParameters(cmdlet);
            foreach (string name in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                failures.Add($"{cmdlet.Name}: -{name} is documented more than once");
            }

            foreach (string name in expected.Except(names, StringComparer.Ordinal))
            {
                failures.Add($"{cmdlet.Name}: -{name} is not documented (or its case differs)");
            }

            foreach (string name in names.Except(expected, StringComparer.Ordinal))
            {
                failures.Add($"{cmdlet.Name}: -{name} is documented but the cmdlet has no such parameter");
            }

            foreach (var section in documented.Where(s => MarkdownHelpFile.CodeBlocks(s.Body, "yaml").Count != 1))
            {
                failures.Add($"{cmdlet.Name}: '### {section.Heading}' needs exactly one ```yaml block (PlatyPS parameter metadata)");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_cmdlet_help_has_examples_that_use_real_parameters()
    {
        var failures = new List<string>();
        foreach (var cmdlet in Cmdlets())
        {
            string path = Path.Join(RepoPaths.Docs, cmdlet.Name + ".md");
            if (!File.Exists(path))
            {
                continue;
            }

            var examples = MarkdownHelpFile.Subsections(MarkdownHelpFile.Load(path).Section("EXAMPLES"));
            if (examples.Count == 0)
            {
                failures.Add($"{cmdlet.Name}: EXAMPLES has no '### Example' subsection");
            }

            foreach (var example in examples)
            {
                var code = MarkdownHelpFile.CodeBlocks(example.Body, "powershell");
                if (code.Count == 0)
                {
                    failures.Add($"{cmdlet.Name}: '{example.Heading}' has no ```powershell code block");
                }

                foreach (string block in code)
                {
                    failures.AddRange(ParameterFailures(cmdlet, example.Heading, block));
                }
            }

            if (!examples.Any(e => e.Body.Contains(cmdlet.Name, StringComparison.Ordinal)))
            {
                failures.Add($"{cmdlet.Name}: no example calls {cmdlet.Name}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>What Get-Help shows comes from here (tools/AwsPatch.HelpCompiler): no parameter without text, two examples at least.</summary>
    [Fact]
    public void Every_cmdlet_help_describes_every_parameter_and_has_at_least_two_examples()
    {
        var failures = new List<string>();
        foreach (var cmdlet in Cmdlets())
        {
            string path = Path.Join(RepoPaths.Docs, cmdlet.Name + ".md");
            if (!File.Exists(path))
            {
                continue;
            }

            var help = CommandHelpReader.Read(MarkdownHelpFile.Load(path));
            failures.AddRange(help.Parameters.Where(p => p.Description.Count == 0).Select(p => $"{cmdlet.Name}: -{p.Name} has no description"));
            if (help.Examples.Count(e => e.Code.Length > 0 && e.Remarks.Count > 0) < 2)
            {
                failures.Add($"{cmdlet.Name}: fewer than two examples with code and an explanation");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_cmdlet_help_file_belongs_to_an_exported_cmdlet()
    {
        var cmdlets = Cmdlets().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var stale = Directory.EnumerateFiles(RepoPaths.Docs, "*-*.md")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => !cmdlets.Contains(name!))
            .ToList();

        Assert.True(stale.Count == 0, $"Help files for cmdlets the module does not export: {string.Join(", ", stale)}");
    }

    [Fact]
    public void The_module_page_lists_every_cmdlet()
    {
        string path = Path.Join(RepoPaths.Docs, "AwsPatch.md");
        Assert.True(File.Exists(path), $"{path} is missing.");
        var doc = MarkdownHelpFile.Load(path);

        Assert.Equal("module", doc.FrontMatter.GetValueOrDefault("document type"));
        Assert.Equal("AwsPatch", doc.FrontMatter.GetValueOrDefault("Module Name"));
        Assert.Equal("en-US", doc.FrontMatter.GetValueOrDefault("Locale"));
        Assert.Equal("2024-05-01", doc.FrontMatter.GetValueOrDefault("PlatyPS schema version"));
        Assert.Equal(fixture.Host.Module.Guid.ToString(), doc.FrontMatter.GetValueOrDefault("Module Guid"));
        Assert.Equal("AwsPatch Module", doc.Title);
        string list = doc.Section("AwsPatch");
        Assert.All(Cmdlets(), c => Assert.Contains($"### [{c.Name}]({c.Name}.md)", list, StringComparison.Ordinal));
    }

    [Fact]
    public void The_about_topic_exists()
    {
        string path = Path.Join(RepoPaths.Docs, "about_AwsPatch.md");
        Assert.True(File.Exists(path), $"{path} is missing.");
        var doc = MarkdownHelpFile.Load(path);

        Assert.Equal("about_AwsPatch", doc.Title);
        Assert.Equal("about", doc.FrontMatter.GetValueOrDefault("document type"));
        Assert.False(string.IsNullOrWhiteSpace(doc.Section("Short description")));
        Assert.False(string.IsNullOrWhiteSpace(doc.Section("Long description")));
    }

    private List<CmdletInfo> Cmdlets() =>
        [.. fixture.Host.Module.ExportedCmdlets.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    /// <summary>The parameters a help file documents: all but the common ones; -WhatIf/-Confirm only with ShouldProcess.</summary>
    private static List<string> DocumentedParameters(CmdletInfo cmdlet) =>
        [.. cmdlet.Parameters.Keys.Where(p => !Cmdlet.CommonParameters.Contains(p) && p != "UseTransaction")];

    private static IEnumerable<string> FrontMatterFailures(MarkdownHelpFile doc, CmdletInfo cmdlet)
    {
        var expected = new Dictionary<string, string>
        {
            ["document type"] = "cmdlet",
            ["title"] = cmdlet.Name,
            ["Module Name"] = "AwsPatch",
            ["Locale"] = "en-US",
            ["PlatyPS schema version"] = "2024-05-01",
            ["external help file"] = "AwsPatch.dll-Help.xml",
        };
        foreach (var (key, value) in expected)
        {
            if (doc.FrontMatter.GetValueOrDefault(key) != value)
            {
                yield return $"front matter '{key}' is '{doc.FrontMatter.GetValueOrDefault(key)}', expected '{value}'";
            }
        }

        if (!doc.FrontMatter.TryGetValue("HelpUri", out string? helpUri) || !Uri.TryCreate(helpUri, UriKind.Absolute, out _))
        {
            yield return "front matter 'HelpUri' is missing or not an absolute URI";
        }

        if (!DateTime.TryParseExact(doc.FrontMatter.GetValueOrDefault("ms.date"), "MM/dd/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            yield return "front matter 'ms.date' is missing or not MM/dd/yyyy";
        }
    }

    /// <summary>Every -Parameter an example passes to the cmdlet must bind: a parameter name, an alias, or a unique prefix.</summary>
    private static IEnumerable<string> ParameterFailures(CmdletInfo cmdlet, string example, string code)
    {
        var ast = Parser.ParseInput(code, out _, out var errors);
        if (errors.Length > 0)
        {
            yield return $"{cmdlet.Name}: '{example}' does not parse: {errors[0].Message}";
            yield break;
        }

        var names = cmdlet.Parameters.Values
            .SelectMany(p => p.Aliases.Prepend(p.Name))
            .ToList();
        var calls = ast.FindAll(a => a is CommandAst c && c.GetCommandName() == cmdlet.Name, searchNestedScriptBlocks: true).Cast<CommandAst>();
        foreach (var parameter in calls.SelectMany(c => c.CommandElements.OfType<CommandParameterAst>()))
        {
            string given = parameter.ParameterName;
            bool exact = names.Contains(given, StringComparer.OrdinalIgnoreCase);
            int prefixMatches = cmdlet.Parameters.Values.Count(p => p.Name.StartsWith(given, StringComparison.OrdinalIgnoreCase));
            if (!exact && prefixMatches != 1)
            {
                yield return $"{cmdlet.Name}: '{example}' passes -{given}, which is not a parameter of {cmdlet.Name}";
            }
        }
    }
}
