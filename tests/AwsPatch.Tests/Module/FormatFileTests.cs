using System.Collections;
using System.Reflection;
using System.Xml.Linq;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Module;

/// <summary>
/// STYLE.md section 8 and issue 12: every output type has a default table view that loads and fits 80 and 120 columns
/// with every header whole, a list view with every property, and one UTC time format.
/// </summary>
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

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void Every_model_type_renders_its_table_within_the_console_width_with_every_header_whole(int width)
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

            var (lines, text, failure) = Render(type, width, "Out-Default");
            if (failure is not null)
            {
                failures.Add(failure);
                continue;
            }

            int rule = lines.FindIndex(l => l.TrimStart().StartsWith("---", StringComparison.Ordinal));
            if (rule < 1)
            {
                failures.Add($"{type.FullName}: rendered as a list, not the table view:\n{text}");
                continue;
            }

            // One header line, directly above the rule: a header wrapped a letter or two per line takes several.
            string header = lines[rule - 1];
            if (rule >= 2 && lines[rule - 2].Trim().Length > 0)
            {
                failures.Add($"{type.FullName}: the header wraps over more than one line at {width} columns:\n{text}");
            }

            foreach (string label in Headers(view).Where(h => !header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(h)))
            {
                failures.Add($"{type.FullName}: column header '{label}' not shown whole at {width} columns:\n{text}");
            }

            foreach (string line in lines.Where(l => l.Length > width))
            {
                failures.Add($"{type.FullName}: line of {line.Length} characters at {width} columns: {line}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_model_type_has_a_list_view_with_every_property()
    {
        var views = Views();
        var failures = new List<string>();
        foreach (var type in ModuleAssembly.ModelTypes)
        {
            var list = views.FirstOrDefault(v => v.Element("ListControl") is not null
                && v.Descendants("TypeName").Any(n => n.Value.Trim() == type.FullName));
            if (list is null)
            {
                failures.Add($"{type.FullName}: no <ListControl> view");
                continue;
            }

            var shown = list.Descendants("ListItem")
                .Select(i => (string?)i.Element("Label") ?? (string?)i.Element("PropertyName"))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => !shown.Contains(p.Name)))
            {
                failures.Add($"{type.FullName}: the list view does not show {property.Name}");
            }

            // A time is formatted, never left to the culture (the core engine here has no Format-List; the Pester
            // suite renders the list views in real pwsh).
            foreach (var time in type.GetProperties().Where(p => IsTime(p.PropertyType)))
            {
                var item = list.Descendants("ListItem").FirstOrDefault(i => (string?)i.Element("Label") == time.Name);
                if (item is null || !((string?)item.Element("ScriptBlock") ?? string.Empty).Contains(TimeFormat, StringComparison.Ordinal))
                {
                    failures.Add($"{type.FullName}: the list view shows {time.Name} without the format {TimeFormat}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_time_shows_in_one_utc_format()
    {
        var failures = new List<string>();
        foreach (var type in ModuleAssembly.ModelTypes.Where(t => t.GetProperties().Any(p => IsTime(p.PropertyType))))
        {
            var (_, text, failure) = Render(type, 120, "Out-Default", longText: false);
            if (failure is not null)
            {
                failures.Add(failure);
                continue;
            }

            var tableTimes = Views().First(v => (string?)v.Element("Name") == type.FullName).Descendants("ScriptBlock")
                .Count(b => b.Value.Contains(TimeFormat, StringComparison.Ordinal));
            if (tableTimes > 0 && !text.Contains(SampleTimeText, StringComparison.Ordinal))
            {
                failures.Add($"{type.FullName}: the table does not show the time as {SampleTimeText}:\n{text}");
            }

            // The culture's own formats (06/01/2025 13:45:30, 6/1/2025 1:45:30 PM) never appear.
            if (System.Text.RegularExpressions.Regex.IsMatch(text, @"\d{1,2}/\d{1,2}/\d{4}|:30\b"))
            {
                failures.Add($"{type.FullName}: the table shows a time in a culture format:\n{text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private const string SampleTimeText = "2025-06-01 13:45Z";

    private const string TimeFormat = "yyyy-MM-dd HH:mm'Z'";

    private static readonly DateTime SampleTime = new(2025, 6, 1, 13, 45, 30, DateTimeKind.Utc);

    private static bool IsTime(Type type) => type == typeof(DateTime) || type == typeof(DateTime?);

    /// <summary>Renders the worst-case sample of <paramref name="type"/> with <paramref name="command"/> into a console <paramref name="width"/> columns wide.</summary>
    private (List<string> Lines, string Text, string? Failure) Render(Type type, int width, string command, bool longText = true)
    {
        fixture.Host.SetVariable("sample", Sample(type, longText));
        var result = fixture.Host.Invoke(
            $"$Host.UI.RawUI.BufferSize = [System.Management.Automation.Host.Size]::new({width}, 3000); " +
            $"$Host.UI.RawUI.WindowSize = [System.Management.Automation.Host.Size]::new({width}, 50); " +
            $"try {{ $sample | {command} }} finally {{ " +
            $"$Host.UI.RawUI.BufferSize = [System.Management.Automation.Host.Size]::new({CapturingHostRawUserInterface.Width}, 3000); " +
            $"$Host.UI.RawUI.WindowSize = [System.Management.Automation.Host.Size]::new({CapturingHostRawUserInterface.Width}, 50) }}");
        string text = PowerShellHost.StripAnsi(result.HostText);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        string? failure = result.Terminating is not null || result.Errors.Count > 0 || text.Contains(LoadError, StringComparison.Ordinal)
            ? $"{type.FullName}: {command} failed at {width} columns: {result}{text}"
            : null;
        return (lines, text, failure);
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
    /// column (the worst case for width), lists of two such strings, every time at <see cref="SampleTime"/>, and
    /// other members at their defaults.
    /// </summary>
    private static object Sample(Type type, bool longText = true)
    {
        var sample = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{type.FullName} has no public parameterless constructor.");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            string text = longText ? property.Name + "-" + new string('x', 150) : "x";
            if (IsTime(property.PropertyType))
            {
                property.SetValue(sample, SampleTime);
            }
            else if (property.PropertyType == typeof(string))
            {
                property.SetValue(sample, text);
            }
            else if (property.PropertyType.IsAssignableFrom(typeof(string[])) && property.PropertyType != typeof(object)
                && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
            {
                property.SetValue(sample, new[] { text, text });
            }
        }

        return sample;
    }
}
