using System.Diagnostics;
using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// Invoke-/Get-/Wait-/Stop-PatchRun in real pipelines against the in-process sandbox. Every AWS request moves the
/// sandbox clock 10 s and the cmdlets poll every 0.1 s, so runs progress poll by poll without waiting for real time.
/// </summary>
public sealed class PatchRunCmdletTests(SandboxFixture fixture) : PatchRunTestBase(fixture), IClassFixture<SandboxFixture>
{
    [Fact]
    public void Wait_returns_one_final_result_per_instance_and_failures_are_also_errors()
    {
        var ids = Online("web-prod");
        Server.State.SetCommandFault(ids[0], CommandFault.Fail);
        var unmanaged = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is null && i.State == "running").InstanceId;
        var offline = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is { PingStatus: "ConnectionLost" } && i.State == "running").InstanceId;
        var stopped = Server.State.InstancesIn("us-east-1").First(i => i.Ssm is not null && i.State == "stopped").InstanceId;
        Server.Counters.Reset();

        var result = Run($"$ids | Invoke-PatchRun -Operation Install -MaxErrors 5 -Wait -PollIntervalSeconds 0.1 -Force {Session}",
            ("ids", ids.Append(unmanaged).Append(offline).Append(stopped).ToArray()));

        var results = result.OutputOf<PatchRunResult>();
        Assert.Equal(ids.Order(), results.Select(r => r.InstanceId).Order());
        Assert.Single(results.Select(r => r.RunId).Distinct());
        Assert.Matches(AwsPatch.Common.RunIds.GeneratedPattern, results[0].RunId);
        Assert.All(results.Where(r => r.InstanceId != ids[0]), r =>
        {
            Assert.Equal("Success", r.Status);
            Assert.Contains("Install completed", r.OutputExcerpt);
            Assert.NotNull(r.CompletedAt);
        });
        var failed = results.Single(r => r.InstanceId == ids[0]);
        Assert.Equal("Failed", failed.Status);

        var errors = result.Errors.ToDictionary(e => e.TargetObject.ToString()!, e => e.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("PatchRunFailed", errors[ids[0]]);
        Assert.Equal("InstanceNotManaged", errors[unmanaged]);
        Assert.Equal("InstanceNotManaged", errors[offline]);
        Assert.Equal("InstanceNotRunning", errors[stopped]);   // Systems Manager lists no stopped instance: start it
        Assert.Equal(4, errors.Count);
        Assert.Equal(1, Server.Counters["ssm:SendCommand"]);   // 7 instances: one batch; the unmanaged and stopped ones never sent
        Assert.Equal(ids.Order(), Server.State.Commands.Single().InstanceIds.Order());
        Assert.Equal(0, Server.State.PatchStateOf(ids[1]).MissingCount);
        Assert.Contains(result.Progress, p => p.RecordType == ProgressRecordType.Completed && p.ParentActivityId < 0);
        Assert.Contains(result.Progress, p => p.ParentActivityId >= 0 && ids.Contains(p.Activity));
        Assert.DoesNotContain("sandbox-secret-value", result.AllText);
    }

    [Fact]
    public void WhatIf_sends_nothing_and_names_each_instance()
    {
        Server.Counters.Reset();
        var ids = Online("web-staging");

        var result = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -WhatIf {Session}", ("ids", ids.ToArray()));

        Assert.Empty(result.Output);
        Assert.Equal(0, Server.Counters.Writes);
        Assert.All(ids, id => Assert.Contains(id, result.HostText));
    }

    [Fact]
    public void Without_wait_results_are_pending_and_Wait_Get_and_Stop_work_from_them()
    {
        var ids = Online("web-prod");
        var started = Run($"Invoke-PatchRun -InstanceId $ids -Operation Scan -MaxConcurrency 1 {Session}", ("ids", ids.ToArray()));
        var pending = started.OutputOf<PatchRunResult>();
        Assert.All(pending, r => Assert.Equal("Pending", r.Status));
        var runId = pending[0].RunId;
        Assert.StartsWith("AwsPatch run " + runId, Server.State.Commands.Single().Comment);

        var waited = Run($"$pending | Wait-PatchRun -PollIntervalSeconds 0.1 {Session}", ("pending", pending.ToArray())).OutputOf<PatchRunResult>();
        Assert.Equal(ids.Order(), waited.Select(r => r.InstanceId).Order());
        Assert.All(waited, r => Assert.Equal("Success", r.Status));

        var got = Run($"Get-PatchRun -RunId $runId {Session}", ("runId", runId)).OutputOf<PatchRunResult>();
        Assert.Equal(ids.Order(), got.Select(r => r.InstanceId).Order());
        var runs = Run($"Get-PatchRun {Session}").OutputOf<PatchRun>();
        Assert.Equal(ids.Count, runs.Single(r => r.RunId == runId).InstanceCount);

        var second = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -MaxConcurrency 1 -Force {Session}", ("ids", ids.ToArray())).OutputOf<PatchRunResult>();
        var stopped = Run($"$second | Stop-PatchRun -PassThru -Force {Session}", ("second", second.ToArray()));
        Assert.Equal(1, Server.Counters["ssm:CancelCommand"]);
        Assert.Contains(stopped.OutputOf<PatchRunResult>(), r => r.Status == "Cancelled");

        var missing = Run($"Get-PatchRun -RunId run-20990101T000000Z-000000 {Session}");
        Assert.Equal("RunNotFound", missing.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void Resume_resends_only_the_instances_that_did_not_succeed_then_is_a_no_op()
    {
        var ids = Online("web-prod");
        Server.State.SetCommandFault(ids[1], CommandFault.Timeout);
        var first = Run($"Invoke-PatchRun -InstanceId $ids -Operation Install -RebootOption NoReboot -MaxErrors 5 -Wait -PollIntervalSeconds 0.1 -Force {Session}", ("ids", ids.ToArray()));
        var runId = first.OutputOf<PatchRunResult>()[0].RunId;
        Assert.Equal("PatchRunTimedOut", first.Errors.Single().FullyQualifiedErrorId.Split(',')[0]);

        Server.State.SetCommandFault(ids[1], CommandFault.None);
        var resumed = Run($"Invoke-PatchRun -ResumeRunId $runId -Wait -PollIntervalSeconds 0.1 -Force {Session}", ("runId", runId));

        var again = Assert.Single(resumed.OutputOf<PatchRunResult>());
        Assert.Equal(ids[1], again.InstanceId);
        Assert.Equal("Success", again.Status);
        Assert.Equal(runId, again.RunId);
        var resent = Server.State.Commands.Last();
        Assert.Equal([ids[1]], resent.InstanceIds);
        Assert.Equal("NoReboot", resent.RebootOption);   // the run's own parameters

        var noop = Run($"Invoke-PatchRun -ResumeRunId $runId -Force {Session}", ("runId", runId));
        Assert.Empty(noop.Output);
        Assert.Contains("is complete", Assert.Single(noop.Warnings).Message);
        Assert.Equal(2, Server.State.Commands.Count);
    }

    [Fact]
    public void Bad_input_is_reported_clearly_and_nothing_is_sent()
    {
        Server.Counters.Reset();
        var bad = Host.Invoke($"Invoke-PatchRun -InstanceId i-0123456789abcdef0 -Operation Scan -MaxConcurrency 0 {Session}");
        var binding = Assert.Single(bad.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", binding.FullyQualifiedErrorId);
        Assert.Contains("a percent of the targets", binding.Exception.Message);

        var euId = Server.State.InstancesIn("eu-west-1").First().InstanceId;
        var region = Run($"Invoke-PatchRun -InstanceId $id -Operation Scan {Session}", ("id", euId));
        var error = region.Errors.Single();
        Assert.Equal("InstanceNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(euId, error.TargetObject);
        Assert.Contains("us-east-1", error.Exception.Message);
        Assert.Equal(0, Server.Counters.Writes);
    }

    [Fact]
    public void Snapshot_first_never_patches_an_instance_whose_snapshot_did_not_complete()
    {
        var ids = Online("web-prod").Take(3).ToList();
        Server.Faults.FailSnapshotsOf(ids[1]);
        try
        {
            var result = Run($"$ids | Invoke-PatchRun -Operation Install -SnapshotFirst -Wait -PollIntervalSeconds 0.1 -Force {Session}", ("ids", ids.ToArray()));

            var patched = result.OutputOf<PatchRunResult>();
            Assert.Equal(new[] { ids[0], ids[2] }.Order(), patched.Select(r => r.InstanceId).Order());
            Assert.All(patched, r =>
            {
                Assert.Equal("Success", r.Status);
                Assert.NotEmpty(r.SnapshotIds);
            });
            var refused = Assert.Single(result.Errors, e => Equals(e.TargetObject, ids[1]));
            Assert.Contains(ids[1], refused.Exception.Message);
            // The instance whose snapshot failed was never sent the command.
            Assert.DoesNotContain(Server.State.Commands, c => c.InstanceIds.Contains(ids[1]));
            Assert.Contains(Server.State.Commands, c => c.InstanceIds.Contains(ids[0]));
        }
        finally
        {
            Server.Faults.Clear();
        }
    }

    [Fact]
    public void Patch_group_resolves_with_ec2_and_sends_by_instance_id_fifty_a_command()
    {
        Server.Counters.Reset();
        var result = Run($"Invoke-PatchRun -PatchGroup web-staging -Operation Scan -Wait -PollIntervalSeconds 0.1 {Session}");

        Assert.Equal(1, Server.Counters["ssm:SendCommand"]);
        Assert.Equal(2, Server.Counters["ec2:DescribeInstances"]);   // one query per patch-group tag key, and no second read
        Assert.Equal(Online("web-staging").Order(), result.OutputOf<PatchRunResult>().Select(r => r.InstanceId).Order());
        Assert.All(result.OutputOf<PatchRunResult>(), r => Assert.Equal("Success", r.Status));
        // The stopped ConnectionLost one is refused by the pre-check instead of being sent an undeliverable command.
        var stopped = Server.State.InstancesIn("us-east-1").Single(i => i.PatchGroup == "web-staging" && i.Ssm is { PingStatus: "ConnectionLost" }).InstanceId;
        Assert.Equal(stopped, Assert.Single(result.Errors).TargetObject);
    }
}
