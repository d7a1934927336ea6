using System.Text.RegularExpressions;
using AwsPatch.Aws;
using AwsPatch.Instances;
using AwsPatch.Runs;
using AwsPatch.Tests.Module;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Runs;

/// <summary>
/// The -ResumeRunId help states the rule PlanResumeAsync keeps: never sent, or finished without Success, is sent again;
/// still in flight never is; Success is left alone. The status lists are read from the help and each status is put
/// through the code, so the two cannot drift apart, and every status Systems Manager has is in one of them.
/// </summary>
public class ResumeRuleHelpTests
{
    /// <summary>CommandInvocationStatus in botocore's ssm service-2.json, plus the two StatusDetails AwsPatch names.</summary>
    private static readonly string[] SsmStatuses = ["Pending", "InProgress", "Delayed", "Success", "Cancelled", "TimedOut", "Failed", "Cancelling", "Undeliverable", "DeliveryTimedOut"];

    private static string Id(int n) => $"i-{n:x17}";

    private static string ResumeHelp()
    {
        var text = File.ReadAllText(Path.Join(RepoPaths.Docs, "Invoke-PatchRun.md"));
        var start = text.IndexOf("### -ResumeRunId", StringComparison.Ordinal);
        Assert.True(start >= 0, "Invoke-PatchRun.md has no -ResumeRunId parameter section");
        var end = text.IndexOf("```yaml", start, StringComparison.Ordinal);
        return Regex.Replace(text[start..end], @"\s+", " ");
    }

    private static string[] ListAfter(string help, string phrase)
    {
        var match = Regex.Match(help, Regex.Escape(phrase) + @" \(([^)]*)\)");
        Assert.True(match.Success, $"the -ResumeRunId help no longer says \"{phrase} (…)\"");
        return match.Groups[1].Value.Replace(" or ", ", ").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task The_ResumeRunId_help_names_each_status_where_the_code_puts_it()
    {
        var help = ResumeHelp();
        var resent = ListAfter(help, "finished without Success");
        var inFlight = ListAfter(help, "still in flight");
        Assert.Contains("never sent it to", help);
        Assert.Contains("is never sent the command again", help);
        Assert.Contains("Success is left alone", help);
        Assert.Equal(SsmStatuses.Order(), resent.Concat(inFlight).Append("Success").Order());

        var gateways = new FakeGateways();
        gateways.RunCommandFake.StepsPerPoll = 0;
        var service = new PatchRunService(gateways, new InstanceService(gateways), new AwsPatch.Snapshots.SnapshotService(gateways), new FakeWaitClock());
        var session = TestSessions.UsEast1();
        var request = new PatchRunRequest { RunId = "run-20250601T120000Z-abc123", Operation = "Install" };
        var ids = SsmStatuses.Select((_, n) => Id(n + 1)).ToList();
        await service.SendAsync(session, request, ids, new Dictionary<string, IReadOnlyList<string>>(), false, CancellationToken.None);
        var command = Assert.Single(gateways.RunCommandFake.Commands);
        for (var n = 0; n < SsmStatuses.Length; n++)
            command.Status[ids[n]] = SsmStatuses[n] == "DeliveryTimedOut" ? "TimedOut" : SsmStatuses[n];
        var neverSent = Id(99);

        var plan = await service.PlanResumeAsync(session, request.RunId, [neverSent], CancellationToken.None);

        string Of(string status) => ids[Array.IndexOf(SsmStatuses, status)];
        Assert.Equal(resent.Select(Of).Append(neverSent).Order(), plan.Resend.Order());
        Assert.Equal(inFlight.Select(Of).Order(), plan.InFlight.Select(r => r.InstanceId).Order());
        Assert.Equal([Of("Success")], plan.SucceededIds);
        Assert.Equal(1, plan.NeverSent);
    }
}
