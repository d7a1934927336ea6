using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Xml.Linq;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Module;

/// <summary>STYLE.md section 9: the checked-in manifest is complete, importable and matches the code.</summary>
public sealed class ManifestTests(HostedModuleFixture fixture) : IClassFixture<HostedModuleFixture>
{
    // The checked-in manifest names AwsPatch.dll and the format file, which exist once built: Test-ModuleManifest
    // runs on the build output folder, whose manifest is byte-for-byte the checked-in one (next test).
    [Fact]
    public void Test_ModuleManifest_passes()
    {
        fixture.Host.SetVariable("manifestPath", PowerShellHost.ManifestPath);

        var result = fixture.Host.Invoke("Test-ModuleManifest -Path $manifestPath");

        Assert.True(
            result.Terminating is null && result.Errors.Count == 0,
            result + "The manifest must be valid (STYLE.md section 9): every file it names, such as "
            + "FormatsToProcess, must exist in the module folder.");
        var module = Assert.IsType<PSModuleInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal("AwsPatch", module.Name);
    }

    [Fact]
    public void The_output_folder_manifest_is_the_checked_in_one() =>
        Assert.Equal(File.ReadAllText(RepoPaths.RootManifest), File.ReadAllText(PowerShellHost.ManifestPath));

    [Fact]
    public void ModuleVersion_equals_the_Version_in_Directory_Build_props()
    {
        string? version = XDocument.Load(RepoPaths.DirectoryBuildProps).Descendants("Version").Single().Value;

        Assert.Equal(version, Manifest()["ModuleVersion"]);
        Assert.Equal(Version.Parse(version), fixture.Host.Module.Version);
    }

    [Fact]
    public void CmdletsToExport_is_explicit_and_equals_the_cmdlet_classes()
    {
        var listed = Strings(Manifest()["CmdletsToExport"]);

        Assert.DoesNotContain(listed, name => name.Contains('*', StringComparison.Ordinal) || name.Contains('?', StringComparison.Ordinal));
        Assert.Equal(
            ModuleAssembly.CmdletTypes.Select(ModuleAssembly.CmdletName).Order(StringComparer.OrdinalIgnoreCase),
            listed.Order(StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("FunctionsToExport")]
    [InlineData("VariablesToExport")]
    [InlineData("AliasesToExport")]
    public void Other_exports_are_present_and_empty(string key)
    {
        var manifest = Manifest();

        Assert.True(manifest.ContainsKey(key), $"{key} is missing: without it PowerShell exports everything.");
        Assert.Empty(Strings(manifest[key]));
    }

    [Fact]
    public void Targets_Windows_PowerShell_5_1_and_PowerShell_7()
    {
        var manifest = Manifest();

        Assert.Equal("AwsPatch.dll", manifest["RootModule"]);
        Assert.Equal(["Core", "Desktop"], Strings(manifest["CompatiblePSEditions"]).Order(StringComparer.Ordinal));
        Assert.Equal("5.1", manifest["PowerShellVersion"]);
        Assert.Equal("4.7.2", manifest["DotNetFrameworkVersion"]);
        Assert.Contains("AwsPatch.Format.ps1xml", Strings(manifest["FormatsToProcess"]));
    }

    [Theory]
    [InlineData("RequiredModules")]
    [InlineData("RequiredAssemblies")]
    [InlineData("NestedModules")]
    [InlineData("ScriptsToProcess")]
    public void Has_no_dependencies_or_scripts(string key) =>
        Assert.False(Manifest().ContainsKey(key), $"{key} must not be set: the module folder is self-contained (STYLE.md section 9).");

    [Theory]
    [InlineData("Tags")]
    [InlineData("ProjectUri")]
    [InlineData("LicenseUri")]
    [InlineData("ReleaseNotes")]
    public void PSData_is_filled(string key)
    {
        var privateData = Assert.IsType<Hashtable>(Manifest()["PrivateData"]);
        var psData = Assert.IsType<Hashtable>(privateData["PSData"]);

        var values = Strings(psData[key]);
        Assert.NotEmpty(values);
        Assert.All(values, v => Assert.False(string.IsNullOrWhiteSpace(v)));
        if (key.EndsWith("Uri", StringComparison.Ordinal))
        {
            Assert.True(Uri.TryCreate(values[0], UriKind.Absolute, out var uri) && uri.Scheme == "https", values[0]);
        }
    }

    /// <summary>The repository-root manifest's data, read with the PowerShell parser (no evaluation).</summary>
    private static Hashtable Manifest()
    {
        var ast = Parser.ParseFile(RepoPaths.RootManifest, out _, out var errors);
        Assert.Empty(errors);
        var table = (HashtableAst)ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false)!;
        return new Hashtable((Hashtable)table.SafeGetValue(), StringComparer.OrdinalIgnoreCase);
    }

    private static List<string> Strings(object? value) => value switch
    {
        null => [],
        string s => [s],
        IEnumerable items => [.. items.Cast<object?>().Select(i => i?.ToString() ?? string.Empty)],
        _ => [value.ToString() ?? string.Empty],
    };
}
