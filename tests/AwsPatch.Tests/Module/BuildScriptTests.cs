using System.Management.Automation;
using System.Management.Automation.Language;

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

    private static ScriptBlockAst Parse(out ParseError[] errors)
    {
        Assert.True(File.Exists(RepoPaths.BuildScript), $"{RepoPaths.BuildScript} is missing.");
        return Parser.ParseFile(RepoPaths.BuildScript, out _, out errors);
    }
}
