using System.Management.Automation;
using AwsPatch.Planning;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Unit.Commands;

/// <summary>Tab completion of -ScheduleTimezone through the engine's own TabExpansion2, as a user at a prompt gets it.</summary>
public sealed class TimeZoneCompleterTests : IDisposable
{
    private readonly PowerShellHost _ps = PowerShellHost.Create();

    public void Dispose() => _ps.Dispose();

    private List<CompletionResult> Complete(string line)
    {
        _ps.SetVariable("line", line);
        var result = _ps.Invoke("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches");
        Assert.Null(result.Terminating);
        return result.OutputOf<CompletionResult>().ToList();
    }

    [Theory]
    [InlineData("New-PatchWindow -Name w -ScheduleTimezone Europe/Ber")]
    [InlineData("Set-PatchWindow -Name w -ScheduleTimezone europe/ber")]
    [InlineData("New-PatchWindow -ScheduleTimezone Berl")]
    public void Completes_IANA_ids_by_id_or_city(string line)
    {
        var matches = Complete(line);
        var berlin = Assert.Single(matches, m => m.CompletionText == "Europe/Berlin");
        Assert.Equal(CompletionResultType.ParameterValue, berlin.ResultType);
        Assert.Matches(@"^Europe/Berlin \(UTC\+0[12]:00 now\)$", berlin.ToolTip);
        Assert.All(matches, m => Assert.Contains("ber", m.CompletionText, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_completion_is_an_id_the_module_accepts_and_none_is_a_Windows_id()
    {
        var all = Complete("New-PatchWindow -ScheduleTimezone ");
        Assert.Contains(all, m => m.CompletionText == "America/New_York");
        Assert.Contains(all, m => m.CompletionText == "UTC");
        Assert.Equal(all.Count, all.Select(m => m.CompletionText).Distinct(StringComparer.Ordinal).Count());
        Assert.All(all, m => Assert.DoesNotContain(' ', m.CompletionText));
        Assert.All(all, m => ScheduleTimeZone.Find(m.CompletionText));
    }

    [Fact]
    public void A_word_no_zone_starts_with_completes_nothing()
    {
        Assert.Empty(Complete("New-PatchWindow -ScheduleTimezone Atlantis/"));
    }
}
