using System.Management.Automation;
using System.Management.Automation.Language;
using System.Xml.Linq;

namespace AwsPatch.Tests.Module;

/// <summary>STYLE.md section 11: build.ps1 parses, offers the documented tasks, and keeps the safety settings.</summary>
public sealed class BuildScriptTests
{
    [Fact]
    public void Parses_without_errors()
    {
        Parse(out var errors);

        Assert.True(errors.Length == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void Task_offers_Build_Test_Sandbox_Clean_Docs_Demo_Package()
    {
        var task = Parse(out _).ParamBlock?.Parameters.SingleOrDefault(p => p.Name.VariablePath.UserPath == "Task");

        Assert.NotNull(task);
        var validateSet = task.Attributes.OfType<AttributeAst>()
            .Single(a => a.TypeName.GetReflectionAttributeType() == typeof(ValidateSetAttribute));
        var values = validateSet.PositionalArguments.Select(a => a.SafeGetValue()?.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["Build", "Clean", "Demo", "Docs", "Package", "Sandbox", "Test"], values);
        Assert.Equal(typeof(string[]), task.StaticType);
    }

    [Fact]
    public void Stops_on_errors_and_never_evaluates_strings()
    {
        var ast = Parse(out _);

        var commands = ast.FindAll(a => a is CommandAst, searchNestedScriptBlocks: true).Cast<CommandAst>()
            .Select(c => c.GetCommandName()).OfType<string>().ToList();
        Assert.DoesNotContain(commands, c => c.Equals("Invoke-Expression", StringComparison.OrdinalIgnoreCase) || c.Equals("iex", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(commands, c => c.Equals("Set-StrictMode", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(
            ast.FindAll(a => a is AssignmentStatementAst, searchNestedScriptBlocks: false).Cast<AssignmentStatementAst>(),
            a => a.Left is VariableExpressionAst { VariablePath.UserPath: "ErrorActionPreference" } && a.Right.Extent.Text.Contains("'Stop'", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Pester_smoke_tests_parse_and_target_the_staged_module()
    {
        var files = Directory.GetFiles(Path.Join(RepoPaths.Root, "tests", "pester"), "*.Tests.ps1");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var ast = Parser.ParseFile(file, out _, out var errors);
            Assert.True(errors.Length == 0, $"{file}: " + string.Join(Environment.NewLine, errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
            Assert.Contains("out/AwsPatch/AwsPatch.psd1", ast.Extent.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>One staging mechanism: ./build.ps1 -Task Build and the test project's build run the same target.</summary>
    [Fact]
    public void Build_task_and_the_test_build_stage_with_the_same_target()
    {
        var build = Parse(out _).FindAll(a => a is FunctionDefinitionAst { Name: "Invoke-Build" }, searchNestedScriptBlocks: true).Cast<FunctionDefinitionAst>().Single();
        var dotnet = build.Body.FindAll(a => a is CommandAst c && c.GetCommandName() == "dotnet", searchNestedScriptBlocks: true).Cast<CommandAst>().ToList();
        Assert.Contains(dotnet, c => c.CommandElements.Skip(1).FirstOrDefault()?.Extent.Text == "build" && c.CommandElements.Any(e => e.Extent.Text == "$stageProject"));
        Assert.Contains("$stageProject = Join-Path $root 'build/AwsPatch.Stage.proj'", File.ReadAllText(RepoPaths.BuildScript), StringComparison.Ordinal);

        var tests = XDocument.Load(Path.Join(RepoPaths.Root, "tests", "AwsPatch.Tests", "AwsPatch.Tests.csproj"));
        var stage = tests.Descendants("Target").Where(t => (string?)t.Attribute("AfterTargets") == "Build").Descendants("MSBuild").ToList();
        Assert.Contains(stage, m => ((string?)m.Attribute("Projects"))!.EndsWith("/build/AwsPatch.Stage.proj", StringComparison.Ordinal) && (string?)m.Attribute("Targets") == "Stage");
        var everyDotnet = Parse(out _).FindAll(a => a is CommandAst c && c.GetCommandName() == "dotnet", searchNestedScriptBlocks: true).Cast<CommandAst>();
        Assert.DoesNotContain(everyDotnet, c => c.CommandElements.Any(e => e.Extent.Text == "publish")); // no second way to stage
    }

    /// <summary>What the build staged (this project's build ran the target): the flat folder users install, with its help.</summary>
    [Fact]
    public void The_staged_module_folder_is_flat_ships_its_help_and_not_the_engine()
    {
        string moduleDir = Path.Join(RepoPaths.Root, "out", "AwsPatch");
        var files = Directory.GetFiles(moduleDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(moduleDir, f).Replace('\\', '/'))
            .ToList();

        Assert.Contains("AwsPatch.psd1", files);
        Assert.Contains("AwsPatch.dll", files);
        Assert.Contains("AwsPatch.Format.ps1xml", files);
        Assert.Contains("AWSSDK.Core.dll", files);
        Assert.Contains("en-US/AwsPatch.dll-Help.xml", files);
        Assert.Contains("en-US/about_AwsPatch.help.txt", files);
        Assert.DoesNotContain("System.Management.Automation.dll", files);
        Assert.All(files.Where(f => f.Contains('/', StringComparison.Ordinal)), f => Assert.StartsWith("en-US/", f, StringComparison.Ordinal));
        Assert.All(files.Where(f => f.EndsWith(".dll", StringComparison.Ordinal)), f => Assert.DoesNotContain("Tests", f, StringComparison.Ordinal));
        // The builds Windows PowerShell 5.1 and PowerShell 7 both load, as dotnet publish of the module chose them.
        var frameworks = files.Where(f => f.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(f => f, f => TargetFramework(Path.Join(moduleDir, f)));
        // (Older helper packages, such as System.Memory, carry no [TargetFramework]; none may be a .NETCoreApp build.)
        Assert.All(frameworks, f => Assert.True(f.Value.StartsWith(".NETStandard,", StringComparison.Ordinal) || f.Value == "(none)", $"{f.Key} targets {f.Value}"));
        Assert.Equal(".NETStandard,Version=v2.0", frameworks["AWSSDK.Core.dll"]);
    }

    /// <summary>The assembly's [TargetFramework] (e.g. ".NETStandard,Version=v2.0"), read from its metadata without loading it.</summary>
    private static string TargetFramework(string path)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != System.Reflection.Metadata.HandleKind.MemberReference)
            {
                continue;
            }

            var type = reader.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor).Parent;
            if (type.Kind == System.Reflection.Metadata.HandleKind.TypeReference
                && reader.GetString(reader.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)type).Name) == "TargetFrameworkAttribute")
            {
                var blob = reader.GetBlobReader(attribute.Value);
                blob.ReadUInt16(); // prolog
                return blob.ReadSerializedString() ?? string.Empty;
            }
        }

        return "(none)";
    }

    private static ScriptBlockAst Parse(out ParseError[] errors)
    {
        Assert.True(File.Exists(RepoPaths.BuildScript), $"{RepoPaths.BuildScript} is missing.");
        return Parser.ParseFile(RepoPaths.BuildScript, out _, out errors);
    }
}
