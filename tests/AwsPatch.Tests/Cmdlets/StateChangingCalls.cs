using System.Management.Automation;
using System.Reflection;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;
using AwsPatch.Tests.Module;
using AwsPatch.Tests.Unit.Reports;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// One valid call of a state-changing cmdlet against a freshly reset sandbox (a <see cref="SandboxShell"/> host, the
/// current location an empty folder). <see cref="Script"/> ends with the cmdlet, so switches can be appended to it.
/// </summary>
/// <param name="Cmdlet">The cmdlet's name, as exported.</param>
/// <param name="Name">Which call of it, unique in <see cref="StateChangingCalls.All"/>.</param>
/// <param name="Script">The call; its variables come from <paramref name="Prepare"/>.</param>
/// <param name="Prompts">Whether it needs a confirmation at the default <c>$ConfirmPreference</c> (High).</param>
/// <param name="Prepare">Sets the variables and the sandbox state the call needs; its own writes are not counted.</param>
public sealed record StateChangingCall(string Cmdlet, string Name, string Script, bool Prompts, Action<SandboxServer, PowerShellHost> Prepare)
{
    public override string ToString() => Name;
}

/// <summary>
/// Every cmdlet that supports ShouldProcess, found by reflection, and the table of valid calls the ShouldProcess
/// convention tests run. A new ShouldProcess cmdlet without a call in <see cref="All"/> fails those tests.
/// </summary>
public static class StateChangingCalls
{
    private const string SnapshotRun = "run-20250601T110000Z-00c0de";

    public static IReadOnlyList<StateChangingCall> All { get; } =
    [
        new("Invoke-PatchRun", "Invoke-PatchRun Install", "Invoke-PatchRun -InstanceId $ids -Operation Install @aws", true, (server, host) => Managed(server, host)),
        new("Invoke-PatchRun", "Invoke-PatchRun Scan", "Invoke-PatchRun -InstanceId $ids -Operation Scan @aws", false, (server, host) => Managed(server, host)),
        new("Invoke-PatchRun", "Invoke-PatchRun Install -SnapshotFirst",
            "Invoke-PatchRun -InstanceId $ids -Operation Install -SnapshotFirst -PollIntervalSeconds 0.1 @aws", true, (server, host) =>
            {
                Managed(server, host);
                server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(30);
            }),
        // db-prod mixes both patch-group tag keys, and every one of its us-east-1 instances is Online.
        new("Invoke-PatchRun", "Invoke-PatchRun -PatchGroup Install", "Invoke-PatchRun -PatchGroup db-prod -Operation Install @aws", true, (_, _) => { }),
        new("Invoke-PatchRun", "Invoke-PatchRun -ResumeRunId", "Invoke-PatchRun -ResumeRunId $runId @aws", false, (server, host) =>
        {
            var ids = Managed(server, host);
            server.State.SetCommandFault(ids[0], CommandFault.Fail);
            Invoke(host, "$runId = (Invoke-PatchRun -InstanceId $ids -Operation Scan @aws)[0].RunId");
            server.Clock.Advance(TimeSpan.FromHours(2));
        }),
        new("Stop-PatchRun", "Stop-PatchRun", "Stop-PatchRun -CommandId $commandId @aws", true, (server, host) =>
        {
            Managed(server, host);
            Invoke(host, "$commandId = (Invoke-PatchRun -InstanceId $ids -Operation Install -Force @aws)[0].CommandId");
        }),
        new("New-PatchSnapshot", "New-PatchSnapshot", "New-PatchSnapshot -InstanceId $ids @aws", false, (server, host) => Managed(server, host)),
        new("Remove-PatchSnapshot", "Remove-PatchSnapshot", $"Get-PatchSnapshot -RunId {SnapshotRun} @aws | Remove-PatchSnapshot @aws", true, Snapshotted),
        new("Restore-PatchSnapshot", "Restore-PatchSnapshot", $"Restore-PatchSnapshot -InstanceId $ids -RunId {SnapshotRun} @aws", true, Snapshotted),
        new("Invoke-PatchRollout", "Invoke-PatchRollout", "Invoke-PatchRollout -InstanceId $ids -PollIntervalSeconds 0.1 @aws", true, (server, host) =>
            {
                Managed(server, host);
                server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(30);
            }),
        new("Resume-PatchRollout", "Resume-PatchRollout", "Resume-PatchRollout -RolloutId ro-convention -PollIntervalSeconds 0.1 @aws", true, (server, host) =>
            {
                // A rollout recorded but not started (its process was killed right after writing its record).
                var ids = Managed(server, host);
                void Put(string name, string value) => server.State.PutParameter(new("us-east-1", name, "String", value, "Standard", 1, server.Clock.UtcNow, null));
                Put("/patch/awspatch/rollouts/ro-convention/plan", "RolloutId=ro-convention\nRegion=us-east-1\nPatchSnapshotId=5b1c3e7a-0d2f-4c55-9a8e-1f2e3d4c5b6a\nSkipSnapshot=false\nWaves=1");
                Put("/patch/awspatch/rollouts/ro-convention/waves/01/plan", "Name=all\nMaxErrors=0");
                Put("/patch/awspatch/rollouts/ro-convention/waves/01/instances/0000", string.Join(",", ids));
                server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(30);
            }),
        new("Export-PatchReport", "Export-PatchReport", "$reportable | Export-PatchReport -Path report.html", false,
            (_, host) => host.SetVariable("reportable", ReportSamples.MixedObjects().ToArray())),
        new("New-PatchWindow", "New-PatchWindow", $"New-PatchWindow {Window} @aws", false, (_, _) => { }),
        new("Set-PatchWindow", "Set-PatchWindow", "Set-PatchWindow -Name prod-sunday -Duration 4 @aws", false, (_, host) => Invoke(host, $"$null = New-PatchWindow {Window} @aws")),
        new("Remove-PatchWindow", "Remove-PatchWindow", "Remove-PatchWindow -Name prod-sunday @aws", true, (_, host) => Invoke(host, $"$null = New-PatchWindow {Window} @aws")),
    ];

    /// <summary>The example window: Sundays 03:00 Berlin time for patch group web-prod.</summary>
    private const string Window = "-Name prod-sunday -Schedule 'cron(0 3 ? * SUN *)' -ScheduleTimezone Europe/Berlin -Duration 3 -Cutoff 1 -PatchGroup web-prod -Operation Install";

    /// <summary>The exported names of every cmdlet class that declares SupportsShouldProcess.</summary>
    public static IReadOnlyList<string> ShouldProcessCmdlets { get; } =
    [
        .. ModuleAssembly.CmdletTypes
            .Where(t => t.GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess)
            .Select(ModuleAssembly.CmdletName),
    ];

    /// <summary>The calls of <paramref name="cmdlet"/>; fails when the table has none.</summary>
    public static IReadOnlyList<StateChangingCall> Of(string cmdlet)
    {
        var calls = All.Where(c => c.Cmdlet == cmdlet).ToList();
        Assert.True(calls.Count > 0,
            $"{cmdlet} supports ShouldProcess but StateChangingCalls.All has no call of it: add one, so the -WhatIf and confirmation tests cover it.");
        return calls;
    }

    public static StateChangingCall Named(string name) => All.Single(c => c.Name == name);

    /// <summary>Whether the cmdlet has a -Force switch.</summary>
    public static bool HasForce(string cmdlet) =>
        ModuleAssembly.CmdletTypes.Single(t => ModuleAssembly.CmdletName(t) == cmdlet).GetProperty("Force")?.GetCustomAttribute<ParameterAttribute>() is not null;

    /// <summary>
    /// One row per call of every ShouldProcess cmdlet (reflection decides which cmdlets), and a row naming the cmdlet
    /// for each one without a call, so that the test fails for it.
    /// </summary>
    public static IEnumerable<string> Rows() =>
        ShouldProcessCmdlets.SelectMany(cmdlet =>
        {
            var calls = All.Where(c => c.Cmdlet == cmdlet).Select(c => c.Name).ToList();
            return calls.Count > 0 ? calls : [cmdlet];
        });

    /// <summary>The call named <paramref name="row"/>, or a failure naming the cmdlet that has no call.</summary>
    public static StateChangingCall ForRow(string row) => All.SingleOrDefault(c => c.Name == row) ?? Of(row)[0];

    /// <summary>Two running, managed, online instances in us-east-1 as <c>$ids</c>.</summary>
    private static List<string> Managed(SandboxServer server, PowerShellHost host)
    {
        var ids = server.State.InstancesIn("us-east-1")
            .Where(i => i.State == "running" && i.Ssm is { PingStatus: "Online" })
            .Take(2).Select(i => i.InstanceId).ToList();
        Assert.Equal(2, ids.Count);
        host.SetVariable("ids", ids.ToArray());
        return ids;
    }

    /// <summary>Completed pre-patch snapshot sets of <c>$ids</c> under run <see cref="SnapshotRun"/>, taken with New-PatchSnapshot.</summary>
    private static void Snapshotted(SandboxServer server, PowerShellHost host)
    {
        Managed(server, host);
        server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(30);
        var sets = Invoke(host, $"New-PatchSnapshot -InstanceId $ids -RunId {SnapshotRun} -Wait -PollIntervalSeconds 0.1 @aws").OutputOf<PatchSnapshot>();
        Assert.Equal(2, sets.Count(s => s.State == "completed"));
        server.Clock.AdvancePerRequest = TimeSpan.Zero;
    }

    private static PowerShellResult Invoke(PowerShellHost host, string script)
    {
        var result = host.Invoke(script);
        Assert.True(result.Terminating is null && result.Errors.Count == 0, $"Preparing with '{script}' failed: {result}");
        return result;
    }
}
