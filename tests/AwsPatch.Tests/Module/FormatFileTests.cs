using System.Collections;
using System.Reflection;
using System.Xml.Linq;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Module;

/// <summary>STYLE.md section 8: every output type has a default table view that loads and fits 120 columns.</summary>
public sealed class FormatFileTests(HostedModuleFixture fixture) : IClassFixture<HostedModuleFixture>
{
    private const string LoadError = "Errors occurred while loading the format data file";

    [Fact]
    public void Every_model_type_has_a_table_view_named_after_it()
    {
        var views = Views();
        var failures = new List<string>();
        foreach (var type in ModuleAssembly.ModelTypes)
        {
            var view = views.FirstOrDefault(v => (string?)v.Element("Name") == type.FullName);
            if (view is null)
            {
                failures.Add($"{type.FullName}: no <View> named '{type.FullName}' in AwsPatch.Format.ps1xml");
            }
            else if (view.Element("TableControl") is null)
            {
                failures.Add($"{type.FullName}: the view is not a <TableControl>");
            }
            else if (!view.Descendants("TypeName").Any(n => n.Value.Trim() == type.FullName))
            {
                failures.Add($"{type.FullName}: the view's <ViewSelectedBy> does not name the type");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void The_format_file_loads_without_errors()
    {
        // A broken format file surfaces when the module is imported (the fixture's host) or first used.
        var result = fixture.Host.Invoke("[pscustomobject]@{ A = 1 } | Out-Default");

        Assert.DoesNotContain(LoadError, fixture.Host.HostText, StringComparison.Ordinal);
        Assert.DoesNotContain(LoadError, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_model_type_renders_its_table_within_120_columns()
    {
        var views = Views();
        var failures = new List<string>();
        foreach (var type in ModuleAssembly.ModelTypes)
        {
            var view = views.FirstOrDefault(v => (string?)v.Element("Name") == type.FullName);
            if (view is null)
            {
                continue; // reported by Every_model_type_has_a_table_view_named_after_it
            }

            fixture.Host.SetVariable("sample", Sample(type));
            var result = fixture.Host.Invoke("$sample | Out-Default");
            string text = PowerShellHost.StripAnsi(result.HostText);
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

            if (result.Terminating is not null || result.Errors.Count > 0 || text.Contains(LoadError, StringComparison.Ordinal))
            {
                failures.Add($"{type.FullName}: rendering failed: {result}{text}");
                continue;
            }

            if (!lines.Any(l => l.TrimStart().StartsWith("---", StringComparison.Ordinal)))
            {
                failures.Add($"{type.FullName}: rendered as a list, not the table view:\n{text}");
            }

            foreach (string header in Headers(view).Where(h => !text.Contains(h, StringComparison.Ordinal)))
            {
                failures.Add($"{type.FullName}: column header '{header}' not shown:\n{text}");
            }

            foreach (string line in lines.Where(l => l.Length > CapturingHostRawUserInterface.Width))
            {
                failures.Add($"{type.FullName}: line of {line.Length} characters: {line}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static List<XElement> Views() =>
        [.. XDocument.Load(RepoPaths.FormatFile).Descendants("View")];

    /// <summary>The headers a table shows: each column's Label, or the PropertyName of its item when unlabelled.</summary>
    private static IEnumerable<string> Headers(XElement view)
    {
        var table = view.Element("TableControl")!;
        var headers = table.Descendants("TableColumnHeader").ToList();
        var items = table.Descendants("TableColumnItem").ToList();
        for (int i = 0; i < headers.Count; i++)
        {
            string? label = (string?)headers[i].Element("Label");
            if (string.IsNullOrEmpty(label) && i < items.Count)
            {
                label = (string?)items[i].Element("PropertyName");
            }

            if (!string.IsNullOrEmpty(label))
            {
                yield return label;
            }
        }
    }

    /// <summary>
    /// An instance of a model type built by reflection, with every settable string long enough to overflow any
    /// column (the worst case for width), lists of two such strings, and other members at their defaults.
    /// </summary>
    private static object Sample(Type type)
    {
        var sample = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{type.FullName} has no public parameterless constructor.");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            string longText = property.Name + "-" + new string('x', 150);
            if (property.PropertyType == typeof(string))
            {
                property.SetValue(sample, longText);
            }
            else if (property.PropertyType.IsAssignableFrom(typeof(string[])) && property.PropertyType != typeof(object)
                && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.SetValue(sample, new[] { longText, longText });
            }
        }

        return sample;
    }
}
