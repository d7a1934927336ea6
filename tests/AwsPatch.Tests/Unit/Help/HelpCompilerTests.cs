using System.Xml.Linq;
using AwsPatch.HelpCompiler;
using AwsPatch.Tests.Module;

namespace AwsPatch.Tests.Unit.Help;

/// <summary>
/// tools/AwsPatch.HelpCompiler: a cmdlet page in the PlatyPS schema becomes MAML with everything Get-Help shows
/// (the MAML shape of the help files PowerShell ships), an about_ page becomes the text Get-Help reads.
/// </summary>
public sealed class HelpCompilerTests : IDisposable
{
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private readonly string _folder = Directory.CreateTempSubdirectory("awspatch-help-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Synopsis_and_description_are_paragraphs_without_markdown_emphasis()
    {
        var command = Compile(SamplePage);

        Assert.Equal(["Gets the widgets of a region."], Paras(command.Element(Command + "details")!.Element(Maml + "description")));
        Assert.Equal(
            ["`Get-PatchWidget` lists widgets. With Name it returns one widget, Region picks the region.", "- first item\n- second item"],
            Paras(command.Element(Maml + "description")));
        Assert.Equal("Get", command.Element(Command + "details")!.Element(Command + "verb")!.Value);
        Assert.Equal("PatchWidget", command.Element(Command + "details")!.Element(Command + "noun")!.Value);
    }

    [Fact]
    public void Parameters_carry_description_type_required_position_and_pipeline_input()
    {
        var parameters = command(Compile(SamplePage)).ToDictionary(p => p.Element(Maml + "name")!.Value);

        var name = parameters["Name"];
        Assert.Equal(["The widget to get. Binds from the Name property of piped objects."], Paras(name.Element(Maml + "description")));
        Assert.Equal("true", (string?)name.Attribute("required"));
        Assert.Equal("0", (string?)name.Attribute("position"));
        Assert.Equal("True (ByValue, ByPropertyName)", (string?)name.Attribute("pipelineInput"));
        Assert.Equal("W", (string?)name.Attribute("aliases"));
        Assert.Equal("true", (string?)name.Attribute("globbing"));
        Assert.Equal("System.String[]", name.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("System.String[]", name.Element(Command + "parameterValue")!.Value);

        var force = parameters["Force"];
        Assert.Equal("false", (string?)force.Attribute("required"));
        Assert.Equal("named", (string?)force.Attribute("position"));
        Assert.Equal("False", (string?)force.Attribute("pipelineInput"));
        Assert.Equal("none", (string?)force.Attribute("aliases"));
        Assert.Equal("False", force.Element(Dev + "defaultValue")!.Value);
        Assert.Equal("false", (string?)force.Element(Command + "parameterValue")!.Attribute("required"));

        static IEnumerable<XElement> command(XElement c) => c.Element(Command + "parameters")!.Elements(Command + "parameter");
    }

    [Fact]
    public void Syntax_has_one_item_per_parameter_set_with_that_sets_binding()
    {
        var items = Compile(SamplePage).Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("Get-PatchWidget", i.Element(Maml + "name")!.Value));
        Assert.Equal(["Region", "Force"], Names(items[0]));
        Assert.Equal(["Name", "Region", "Force"], Names(items[1]));
        var name = items[1].Elements(Command + "parameter").First();
        Assert.Equal("true", (string?)name.Attribute("required"));
        Assert.Equal("0", (string?)name.Attribute("position"));
        // A switch takes no value, so its syntax entry has none ([-Force], not [-Force <SwitchParameter>]).
        Assert.Null(items[0].Elements(Command + "parameter").Last().Element(Command + "parameterValue"));
        // Accepted values become the {a | b} group Get-Help shows.
        Assert.Equal(["us-east-1", "eu-west-1"], items[0].Elements(Command + "parameter").First()
            .Element(Command + "parameterValueGroup")!.Elements(Command + "parameterValue").Select(v => v.Value));

        static List<string> Names(XElement item) => [.. item.Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value)];
    }

    [Fact]
    public void Examples_keep_title_code_and_remarks()
    {
        var examples = Compile(SamplePage).Element(Command + "examples")!.Elements(Command + "example").ToList();

        Assert.Equal(2, examples.Count);
        Assert.Contains("Example 1: Get every widget", examples[0].Element(Maml + "title")!.Value, StringComparison.Ordinal);
        Assert.Equal("Get-PatchWidget -Region us-east-1", examples[0].Element(Dev + "code")!.Value);
        Assert.Equal(["Name  Size\n----  ----\nw1    3", "Lists them all."], Paras(examples[0].Element(Dev + "remarks")));
        Assert.Equal("'w1' | Get-PatchWidget\n\nGet-PatchWidget w2 -Force", examples[1].Element(Dev + "code")!.Value);
    }

    [Fact]
    public void Inputs_outputs_and_notes_are_kept()
    {
        var command = Compile(SamplePage);

        var input = command.Element(Command + "inputTypes")!.Element(Command + "inputType")!;
        Assert.Equal("System.String", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal(["Widget names."], Paras(input.Element(Maml + "description")));
        var output = command.Element(Command + "returnValues")!.Element(Command + "returnValue")!;
        Assert.Equal("AwsPatch.PatchWidget", output.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal(["Permissions: `ec2:DescribeWidgets`."], Paras(command.Element(Maml + "alertSet")!.Element(Maml + "alert")));
    }

    [Fact]
    public void The_first_related_link_is_the_online_version_at_the_HelpUri()
    {
        var links = Compile(SamplePage).Element(Maml + "relatedLinks")!.Elements(Maml + "navigationLink")
            .Select(l => (Text: l.Element(Maml + "linkText")!.Value, Uri: l.Element(Maml + "uri")!.Value))
            .ToList();

        Assert.Equal(
            [("Online Version:", "https://example.com/docs/Get-PatchWidget.md"), ("about_AwsPatch", ""), ("Widgets in AWS", "https://docs.aws.amazon.com/widgets")],
            links);
    }

    [Fact]
    public void Malformed_parameter_metadata_names_the_file_the_parameter_and_the_line()
    {
        string page = SamplePage.Replace("Type: System.Management.Automation.SwitchParameter", "Type System.Management.Automation.SwitchParameter", StringComparison.Ordinal);
        string path = Write("Get-PatchWidget.md", page);

        var error = Assert.Throws<FormatException>(() => CommandHelpReader.Read(MarkdownHelpFile.Load(path)));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("-Force", error.Message, StringComparison.Ordinal);
        Assert.Contains("Type System.Management.Automation.SwitchParameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_about_page_becomes_the_text_Get_Help_reads()
    {
        string path = Write("about_Widgets.md", """
            ---
            document type: about
            title: about_Widgets
            ---

            # about_Widgets

            ## Short description

            How **widgets** work.

            ## Long description

            Widgets come from [the widget API](https://example.com).

            ```powershell
            Get-PatchWidget
            ```

            ### Safety rules

            None.
            """);

        string text = AboutTopicWriter.ToText(MarkdownHelpFile.Load(path));

        Assert.Equal("""
            TOPIC
                about_Widgets

            SHORT DESCRIPTION
                How widgets work.

            LONG DESCRIPTION
                Widgets come from the widget API.

                    Get-PatchWidget

                SAFETY RULES

                None.

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Compiling_the_docs_folder_writes_the_MAML_file_the_pages_name_and_the_about_topics()
    {
        var written = HelpCompilation.Compile(RepoPaths.Docs, _folder);

        Assert.Equal(["AwsPatch.dll-Help.xml", "about_AwsPatch.help.txt"], written.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var commands = XDocument.Load(Path.Join(_folder, "AwsPatch.dll-Help.xml")).Root!.Elements(Command + "command")
            .Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value);
        var pages = Directory.GetFiles(RepoPaths.Docs, "*-*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(pages, commands);
    }

    private XElement Compile(string page)
    {
        string path = Write("Get-PatchWidget.md", page);
        var maml = MamlWriter.ToMaml([CommandHelpReader.Read(MarkdownHelpFile.Load(path))]);
        Assert.Equal(XName.Get("helpItems", "http://msh"), maml.Root!.Name);
        Assert.Equal("maml", (string?)maml.Root.Attribute("schema"));
        return Assert.Single(maml.Root.Elements(Command + "command"));
    }

    private string Write(string name, string text)
    {
        string path = Path.Join(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<string> Paras(XElement? parent) => [.. parent!.Elements(Maml + "para").Select(p => p.Value)];

    private const string SamplePage = """
        ---
        document type: cmdlet
        external help file: AwsPatch.dll-Help.xml
        HelpUri: https://example.com/docs/Get-PatchWidget.md
        Module Name: AwsPatch
        title: Get-PatchWidget
        ---

        # Get-PatchWidget

        ## SYNOPSIS

        Gets the widgets of a region.

        ## SYNTAX

        ### List (Default)

        ```
        Get-PatchWidget [-Region <string>] [-Force] [<CommonParameters>]
        ```

        ### Name

        ```
        Get-PatchWidget [-Name] <string[]> [-Region <string>] [-Force] [<CommonParameters>]
        ```

        ## ALIASES

        This cmdlet has no aliases.

        ## DESCRIPTION

        `Get-PatchWidget` lists widgets. With **Name** it returns one widget,
        **Region** picks the region.

        - first item
        - second item

        ## EXAMPLES

        ### Example 1: Get every widget

        ```powershell
        Get-PatchWidget -Region us-east-1
        ```

        ```Output
        Name  Size
        ----  ----
        w1    3
        ```

        Lists them all.

        ### Example 2: Get widgets by name

        ```powershell
        'w1' | Get-PatchWidget
        ```

        ```powershell
        Get-PatchWidget w2 -Force
        ```

        ## PARAMETERS

        ### -Force

        Gets hidden widgets too.

        ```yaml
        Type: System.Management.Automation.SwitchParameter
        DefaultValue: False
        SupportsWildcards: false
        ParameterValue: []
        Aliases: []
        ParameterSets:
        - Name: (All)
          Position: Named
          IsRequired: false
          ValueFromPipeline: false
          ValueFromPipelineByPropertyName: false
          ValueFromRemainingArguments: false
        DontShow: false
        AcceptedValues: []
        HelpMessage: ''
        ```

        ### -Name

        The widget to get. Binds from the **Name** property of piped objects.

        ```yaml
        Type: System.String[]
        DefaultValue: None
        SupportsWildcards: true
        ParameterValue: []
        Aliases:
        - W
        ParameterSets:
        - Name: Name
          Position: 0
          IsRequired: true
          ValueFromPipeline: true
          ValueFromPipelineByPropertyName: true
          ValueFromRemainingArguments: false
        DontShow: false
        AcceptedValues: []
        HelpMessage: ''
        ```

        ### -Region

        The region.

        ```yaml
        Type: System.String
        DefaultValue: None
        SupportsWildcards: false
        ParameterValue: []
        Aliases: []
        ParameterSets:
        - Name: (All)
          Position: Named
          IsRequired: false
          ValueFromPipeline: false
          ValueFromPipelineByPropertyName: true
          ValueFromRemainingArguments: false
        DontShow: false
        AcceptedValues:
        - us-east-1
        - eu-west-1
        HelpMessage: ''
        ```

        ### CommonParameters

        This cmdlet supports the common parameters.

        ## INPUTS

        ### System.String

        Widget names.

        ## OUTPUTS

        ### AwsPatch.PatchWidget

        One per widget.

        ## NOTES

        Permissions: `ec2:DescribeWidgets`.

        ## RELATED LINKS

        - [about_AwsPatch](about_AwsPatch.md)
        - [Widgets in AWS](https://docs.aws.amazon.com/widgets)
        """;
}
