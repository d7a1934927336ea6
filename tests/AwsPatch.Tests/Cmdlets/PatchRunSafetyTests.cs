using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;
using AwsPatch.Tests.Sandbox;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Runs never no-op silently and never lose what was sent: both patch-group tag keys, zero-instance runs, summaries
/// that count every instance that did not succeed, a failed follow-up call after SendCommand, a second Install on an
/// instance still installing, and Ctrl+C during -Wait. Every AWS request moves the sandbox clock 10 s.
/// </summary>
public sealed class PatchRunSafetyTests(SandboxFixture fixture) : PatchRunTestBase(fixture), IClassFixture<SandboxFixture>
{
    private static string ErrorId(ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

    [Fact]
    public void PatchGroup_reaches_the_instances_Get_PatchInstance_lists_under_either_tag_key()
    {
        var dbProd = Online("db-prod");
        Assert.Contains(dbProd, id => Server.State.FindInstance(id)!.Tags.ContainsKey("PatchGroup"));   // the fleet mixes both keys
        var listed = Run($"Get-PatchInstance -PatchGroup db-prod, windows-prod -ManagedOnly {Session}").OutputOf<PatchInstance>()
            .Where(i => i.SsmPingStatus == "Online").Select(i => i.InstanceId).Order().ToList();
        Server.Counters.Reset();

        var result = Run($"Invoke-PatchRun -PatchGroup db-prod, windows-prod -Operation Scan -Wait -PollIntervalSeconds 0.1 {Session}");

        var reached = result.OutputOf<PatchRunResult>();
        Assert.Equal(listed, reached.Select(r => r.InstanceId).Order());
        Assert.Equal(dbProd.Concat(Online("windows-prod")).Order(), listed);
        Assert.All(reached, r => Assert.Equal("Success", r.Status));
        // Sent by instance id after one EC2 resolution: the stopped windows-prod instance is refused, never sent.
        var command = Assert.Single(Server.State.Commands);
        Assert.Empty(command.Targets);
        Assert.Equal(listed, command.InstanceIds.Order());
        var refused = Assert.Single(result.Errors);
        Assert.Equal("InstanceNotRunning", ErrorId(refused));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_tag_that_matches_no_instance_is_a_warning_and_sends_nothing()
    {
        Server.Counters.Reset();

        var result = Run($"Invoke-PatchRun -Tag @{{ Environment = 'nowhere' }} -Operation Install -Force {Session}");

        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings).Message;
        Assert.Contains("reached no instance, so nothing was sent", warning);
        Assert.Contains("Environment=nowhere", warning);
        Assert.Equal(0, Server.Counters.Writes);
        Assert.Empty(Server.State.Commands);
    }

    [Fact]
    public void A_run_whose_every_instance_is_left_out_warns_as_well_as_erring_per_instance()
    {
        var unmanaged = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is null && i.State == "running").InstanceId;

        var result = Run($"Invoke-PatchRun -InstanceId $id -Operation Scan {Session}", ("id", unmanaged));

        Assert.Empty(result.Output);
        Assert.Equal("InstanceNotManaged", ErrorId(Assert.Single(result.Errors)));
        Assert.Contains("1 instance(s) were left out", Assert.Single(result.Warnings).Message);
        Assert.Empty(Server.State.Commands);
    }

    [Fact]
    public void A_run_summary_counts_every_instance_that_did_not_succeed()
    {
        var ids = Online("web-prod");
        Server.State.SetCommandFault(ids[0], CommandFault.Undeliverable);
        var runId = Run($"Invoke-PatchRun -InstanceId $ids -Operation Scan -Wait -PollIntervalSeconds 0.1 {Session}", ("ids", ids.ToArray()))
            .OutputOf<PatchRunResult>()[0].RunId;
        Assert.Equal("Success", Server.State.Commands.Single().Status);   // as in Systems Manager: Undeliverable does not count

        var run = Run($"Get-PatchRun {Session}").OutputOf<PatchRun>().Single(r => r.RunId == runId);

        Assert.Equal("Undeliverable", run.Status);
        Assert.Equal(1, run.ErrorCount);
        Assert.Equal(ids.Count, run.InstanceCount);
        Assert.Equal(ids.Count, run.CompletedCount);
    }

    [Fact]
    public async Task A_run_that_reached_no_instance_never_reads_Success()
    {
        // What older versions sent: a Targets command that matched nothing.
        using var http = new SandboxHttp(Server.Endpoint);
        var (status, _) = await http.SsmAsync("SendCommand", new
        {
            DocumentName = "AWS-RunPatchBaseline",
            Targets = new[] { new { Key = "tag:Patch Group", Values = new[] { "nowhere" } } },
            Parameters = new { Operation = new[] { "Install" } },
            Comment = "AwsPatch run run-legacy-empty",
        });
        Assert.Equal(200, status);

        var run = Run($"Get-PatchRun {Session}").OutputOf<PatchRun>().Single(r => r.RunId == "run-legacy-empty");

        Assert.Equal("NoInstances", run.Status);
        Assert.Equal(0, run.InstanceCount);
    }

    [Fact]
    public void When_following_the_run_fails_after_SendCommand_the_run_and_its_commands_still_reach_the_user()
    {
        var ids = Online("web-prod");
        Server.Faults.For("ssm:ListCommandInvocations").Denied = true;

        var result = Run($"$r = Invoke-PatchRun -InstanceId $ids -Operation Install -Force -Wait -PollIntervalSeconds 0.1 {Session}", ("ids", ids.ToArray()));

        var commands = Server.State.Commands;
        var commandId = Assert.Single(commands).CommandId;
        var error = Assert.Single(result.Errors);
        Assert.Equal("RunWaitFailed", ErrorId(error));
        var runId = (string)error.TargetObject;
        Assert.Contains(runId, error.Exception.Message);
        Assert.Contains(commandId, error.Exception.Message);
        Assert.Contains("ssm:ListCommandInvocations", error.Exception.Message);
        Assert.Contains($"Wait-PatchRun -RunId {runId}", error.ErrorDetails.RecommendedAction);

        // The assigned variable holds every sent instance, as last known.
        var assigned = Run("$r").OutputOf<PatchRunResult>();
        Assert.Equal(ids, assigned.Select(r => r.InstanceId).Order());
        Assert.All(assigned, r =>
        {
            Assert.Equal(runId, r.RunId);
            Assert.Equal(commandId, r.CommandId);
            Assert.Equal("Pending", r.Status);
        });

        // Following the error's advice finds the run and its real outcome.
        Server.Faults.Clear();
        var waited = Run($"Wait-PatchRun -RunId $runId -PollIntervalSeconds 0.1 {Session}", ("runId", runId)).OutputOf<PatchRunResult>();
        Assert.Equal(ids, waited.Select(r => r.InstanceId).Order());
        Assert.All(waited, r => Assert.Equal("Success", r.Status));
        Assert.Single(Server.State.Commands);
    }

    [Fact]
    public void Install_is_not_sent_to_an_instance_that_already_has_an_AwsPatch_Install_in_progress()
    {
        var ids = Online("web-prod");
        Assert.NotEmpty(ids);
        // NoReboot: a rebooting instance's agent is ConnectionLost, and the forced Install below would be refused for that.
        var sent = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -MaxConcurrency 1 -RebootOption NoReboot -Force {Session}", ("ids", ids.ToArray()));
        Assert.True(sent.Errors.Count == 0, sent.ToString());
        var firstRun = sent.OutputOf<PatchRunResult>()[0].RunId;
        Server.Counters.Reset();

        var second = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -Force {Session}", ("ids", ids.ToArray()));

        Assert.Empty(second.Output);
        Assert.All(second.Errors, e =>
        {
            Assert.Equal("InstallInProgress", ErrorId(e));
            Assert.Contains(firstRun, e.Exception.Message);
            Assert.Contains("-AllowConcurrentInstall", e.ErrorDetails.RecommendedAction);
        });
        Assert.Equal(ids, second.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.Equal(0, Server.Counters.Writes);
        Assert.Equal(1, Server.Counters["ssm:ListCommands"]);                // one query for the whole batch
        Assert.Equal(1, Server.Counters["ssm:ListCommandInvocations"]);      // and the one command it found
        Assert.Single(Server.State.Commands);

        // A Scan is no conflict, and the user can insist on a second Install.
        Assert.Equal(ids.Count, Run($"Invoke-PatchRun -InstanceId $ids -Operation Scan {Session}").OutputOf<PatchRunResult>().Count);
        var forced = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -AllowConcurrentInstall -Force {Session}");
        Assert.Empty(forced.Errors);
        Assert.Equal(ids.Count, forced.OutputOf<PatchRunResult>().Count);
        Assert.Equal(3, Server.State.Commands.Count);
    }

    [Fact]
    public void Ctrl_C_during_wait_says_the_run_goes_on_and_how_to_follow_it()
    {
        var ids = Online("web-prod");
        Host.SetVariable("ids", ids.ToArray());
        Server.Counters.Reset();
        using var shell = Host.CreateShell($"Invoke-PatchRun -InstanceId $ids -Operation Install -RunId run-stopped-1 -Force -Wait -PollIntervalSeconds 3600 {Session}");
        var running = shell.BeginInvoke();

        // Stop once the run was sent and the first poll is done (the next one is an hour away).
        Assert.True(SpinWait.SpinUntil(() => Server.Counters["ssm:ListCommandInvocations"] > 0, TimeSpan.FromSeconds(60)));
        shell.Stop();

        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        var commandId = Server.State.Commands.Single().CommandId;
        // Written through the host's warning line, which takes it however far the stop got (the console shows it).
        var warning = Assert.Single(Host.HostText.Split('\n'), line => line.StartsWith("WARNING:", StringComparison.Ordinal));
        Assert.Contains("run-stopped-1", warning);
        Assert.Contains(commandId, warning);
        Assert.Contains("goes on in Systems Manager", warning);
        Assert.Contains("Wait-PatchRun -RunId run-stopped-1", warning);
        Assert.Contains("Get-PatchRun -RunId run-stopped-1", warning);
        Assert.Contains($"{ids.Count} instance(s) had not finished", warning);
        Assert.Empty(shell.Streams.Error);
    }

    [Fact]
    public void Ctrl_C_during_Wait_PatchRun_says_the_same()
    {
        var ids = Online("web-prod");
        Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -RunId run-stopped-2 -MaxConcurrency 1 -Force {Session}", ("ids", ids.ToArray()));
        Server.Counters.Reset();
        using var shell = Host.CreateShell($"Wait-PatchRun -RunId run-stopped-2 -PollIntervalSeconds 3600 {Session}");
        var running = shell.BeginInvoke();

        Assert.True(SpinWait.SpinUntil(() => Server.Counters["ssm:ListCommandInvocations"] > 0, TimeSpan.FromSeconds(60)));
        shell.Stop();

        Assert.True(running.IsCompleted);
        var warning = Assert.Single(Host.HostText.Split('\n'), line => line.StartsWith("WARNING:", StringComparison.Ordinal));
        Assert.Contains("Wait-PatchRun -RunId run-stopped-2", warning);
        Assert.Contains(Server.State.Commands.Single().CommandId, warning);
        Assert.Empty(shell.Streams.Error);
    }

    [Fact]
    public void The_snapshot_phase_progress_names_the_run()
    {
        var ids = Online("web-prod").Take(2).ToArray();

        var result = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -SnapshotFirst -RunId run-snap-1 -Force -Wait -PollIntervalSeconds 0.1 {Session}", ("ids", ids));

        Assert.Contains(result.Progress, p => p.Activity.Contains("run-snap-1") && p.Activity.Contains("pre-patch snapshots"));
        Assert.Equal(2, result.OutputOf<PatchRunResult>().Count(r => r.Status == "Success"));
        // Shown as New-PatchSnapshot -Wait shows it (one writer for snapshot waits): a child record per instance.
        var parent = result.Progress.First(p => p.Activity.Contains("pre-patch snapshots")).ActivityId;
        Assert.All(ids, id => Assert.Contains(result.Progress, p => p.ParentActivityId == parent && p.Activity == id));
    }
}
