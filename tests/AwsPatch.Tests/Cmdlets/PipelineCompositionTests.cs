using System.Management.Automation;
using System.Reflection;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// The composition matrix: every output type of the module (found by reflection over the cmdlets' [OutputType]) and
/// the AWS.Tools shapes users pipe in (an EC2 Instance with or without tags, an SSM InstanceInformation), each piped
/// into every cmdlet that should take it, against the in-process sandbox. Each row asserts that nothing failed to
/// bind and that the consumer did the right thing with that object. A new output type without a row fails
/// <see cref="Every_output_type_of_the_module_has_a_row"/>.
/// </summary>
public sealed class PipelineCompositionTests : IClassFixture<NowSandboxFixture>, IDisposable
{
    private const string RunId = "run-20250601T120000Z-00c0de";

    /// <summary>Output types nothing in the module takes, and why.</summary>
    private static readonly Dictionary<Type, string> Terminal = new()
    {
        [typeof(FileInfo)] = "Export-PatchReport -PassThru: the report file itself",
        [typeof(PatchComplianceSummary)] = "Get-PatchCompliance -Summary: a roll-up without instance ids, to read or to serialise",
        [typeof(PatchPrioritySummary)] = "Get-PatchPriority -Summary: a roll-up per account and region, to read or to serialise",
    };

    private const string RolloutId = "ro-20250601T120000Z-c0de00";
    private const string OneWaveRollout = "Invoke-PatchRollout @aws -InstanceId $id -Force -PollIntervalSeconds 0.1 -RolloutId " + RolloutId;

    /// <summary>Source name → the module type it is (null for AWS.Tools shapes) and the script that puts it in <c>$in</c>.</summary>
    private static readonly Dictionary<string, (Type? Type, string Script)> Sources = new()
    {
        ["PatchInstance"] = (typeof(PatchInstance), "$in = Get-PatchInstance @aws -InstanceId $id"),
        ["PatchInstance (no tags)"] = (typeof(PatchInstance), "$in = Get-PatchInstance @aws -InstanceId $id"),
        ["EC2 Instance"] = (null, "$in = [pscustomobject]@{ InstanceId = $id; InstanceType = 't3.medium'; Platform = $null; PrivateIpAddress = '10.0.2.11'; State = [pscustomobject]@{ Name = 'running'; Code = 16 }; Tags = @([pscustomobject]@{ Key = 'Name'; Value = 'web-stg-01' }, [pscustomobject]@{ Key = 'Patch Group'; Value = 'web-staging' }) }"),
        ["EC2 Instance (no tags)"] = (null, "$in = [pscustomobject]@{ InstanceId = $id; InstanceType = 't3.medium'; Platform = $null; State = [pscustomobject]@{ Name = 'running'; Code = 16 }; Tags = @() }"),
        ["SSM InstanceInformation"] = (null, "$in = [pscustomobject]@{ InstanceId = $id; PingStatus = 'Online'; PlatformType = 'Linux'; PlatformName = 'Amazon Linux'; AgentVersion = '3.3.0.0'; ResourceType = 'EC2Instance'; IsLatestVersion = $true }"),
        ["PatchFinding"] = (typeof(PatchFinding), "$in = Get-PatchFinding @aws -InstanceId $id"),
        ["PatchPriority"] = (typeof(PatchPriority), "$in = Get-PatchPriority @aws -InstanceId $id"),
        ["PatchSnapshot"] = (typeof(PatchSnapshot), "$in = Get-PatchSnapshot @aws -InstanceId $id"),
        ["PatchRestoreResult"] = (typeof(PatchRestoreResult), "$in = Get-PatchSnapshot @aws -InstanceId $id | Restore-PatchSnapshot @awsNoRegion -Force"),
        ["PatchRunResult"] = (typeof(PatchRunResult), "$in = Invoke-PatchRun @aws -InstanceId $id -Operation Scan"),
        ["PatchRun (finished)"] = (typeof(PatchRun), "Invoke-PatchRun @aws -InstanceId $id -Operation Scan -Wait -PollIntervalSeconds 0.1 | Out-Null; $in = Get-PatchRun @aws"),
        ["PatchRun (running)"] = (typeof(PatchRun), "Invoke-PatchRun @aws -InstanceId $id -Operation Scan | Out-Null; $in = Get-PatchRun @aws"),
        ["PatchCompliance"] = (typeof(PatchCompliance), "$in = Get-PatchCompliance @aws -InstanceId $id"),
        ["PatchSchedule"] = (typeof(PatchSchedule), "$in = Get-PatchSchedule @aws -InstanceId $id"),
        ["PatchPlan"] = (typeof(PatchPlan), "$in = Get-PatchPriority @aws -InstanceId $id | New-PatchPlan @aws"),
        ["PatchWindow"] = (typeof(PatchWindow), "$in = New-PatchWindow @aws -Name compose-window -Schedule 'rate(7 days)' -Duration 2 -InstanceId $id"),
        ["PatchMissing"] = (typeof(PatchMissing), "Invoke-PatchRun @aws -InstanceId $id -Operation Scan -Wait -PollIntervalSeconds 0.1 | Out-Null; $in = Get-PatchMissing @aws -InstanceId $id"),
        ["PatchRolloutPlan"] = (typeof(PatchRolloutPlan), "$in = New-PatchRolloutPlan @aws -InstanceId $id"),
        // A plan saved to a file and read back in another session: a Deserialized.AwsPatch.PatchRolloutPlan. The hosted
        // engine has no Microsoft.PowerShell.Utility, so this uses the serializer Export-/Import-Clixml use, at their depth 2.
        ["PatchRolloutPlan (Import-Clixml)"] = (null, "$xml = [System.Management.Automation.PSSerializer]::Serialize((New-PatchRolloutPlan @aws -InstanceId $id), 2); "
            + "[System.IO.File]::WriteAllText(\"$dir/plan.xml\", $xml); $in = [System.Management.Automation.PSSerializer]::Deserialize([System.IO.File]::ReadAllText(\"$dir/plan.xml\"))"),
        ["PatchRolloutResult"] = (typeof(PatchRolloutResult), "$in = " + OneWaveRollout),
        ["PatchRollout"] = (typeof(PatchRollout), OneWaveRollout + " | Out-Null; $in = Get-PatchRollout @aws -RolloutId " + RolloutId),
        ["PatchRemediation"] = (typeof(PatchRemediation), "Invoke-PatchRun @aws -InstanceId $id -Operation Install -Force -Wait -PollIntervalSeconds 0.1 | Out-Null; $in = Get-PatchRemediation @aws -InstanceId $id"),
    };

    private static readonly string[] InstanceConsumers =
        ["Get-PatchInstance", "Get-PatchFinding", "Get-PatchPriority", "Get-PatchCompliance", "Get-PatchMissing", "Get-PatchSnapshot", "New-PatchSnapshot -WhatIf", "Invoke-PatchRun -WhatIf", "Remove-PatchSnapshot -OlderThan -WhatIf"];

    /// <summary>Which consumers each source is piped into.</summary>
    private static readonly Dictionary<string, string[]> Matrix = new()
    {
        ["PatchInstance"] = InstanceConsumers,
        ["PatchInstance (no tags)"] = InstanceConsumers,
        ["EC2 Instance"] = InstanceConsumers,
        ["EC2 Instance (no tags)"] = InstanceConsumers,
        ["SSM InstanceInformation"] = InstanceConsumers,
        ["PatchFinding"] = ["Get-PatchPriority", "Get-PatchInstance", "Get-PatchCompliance", "Export-PatchReport"],
        ["PatchPriority"] = ["Get-PatchInstance", "Get-PatchCompliance", "New-PatchSnapshot -WhatIf", "Invoke-PatchRun -WhatIf", "Export-PatchReport"],
        ["PatchSnapshot"] = ["Remove-PatchSnapshot -WhatIf", "Restore-PatchSnapshot -WhatIf", "Get-PatchSnapshot", "Get-PatchInstance", "Invoke-PatchRun -WhatIf"],
        ["PatchRestoreResult"] = ["Get-PatchInstance", "Get-PatchCompliance", "Get-PatchSnapshot"],
        ["PatchRunResult"] = ["Wait-PatchRun", "Stop-PatchRun", "Get-PatchRun", "Get-PatchCompliance", "Get-PatchInstance", "Export-PatchReport"],
        ["PatchRun (finished)"] = ["Wait-PatchRun", "Stop-PatchRun (finished)", "Get-PatchRun", "Export-PatchReport"],
        ["PatchRun (running)"] = ["Stop-PatchRun"],
        ["PatchCompliance"] = ["Get-PatchMissing", "Get-PatchInstance", "Get-PatchCompliance", "Invoke-PatchRun -WhatIf", "Export-PatchReport"],
        ["PatchMissing"] = ["Get-PatchInstance", "Get-PatchCompliance"],
        ["PatchSchedule"] = ["Get-PatchInstance", "Get-PatchCompliance"],
        ["PatchPlan"] = ["Get-PatchInstance", "Invoke-PatchRun -WhatIf", "Get-PatchSchedule"],
        ["PatchWindow"] = ["Set-PatchWindow -WhatIf", "Remove-PatchWindow -WhatIf"],
        ["PatchRolloutPlan"] = ["Invoke-PatchRollout -WhatIf"],
        ["PatchRolloutPlan (Import-Clixml)"] = ["Invoke-PatchRollout -WhatIf"],
        ["PatchRolloutResult"] = ["Get-PatchRollout", "Get-PatchInstance", "Get-PatchCompliance", "Get-PatchRun"],
        ["PatchRollout"] = ["Get-PatchRollout", "Resume-PatchRollout"],
        ["PatchRemediation"] = ["Get-PatchInstance", "Get-PatchCompliance", "Export-PatchReport"],
    };

    private readonly SandboxServer _sandbox;
    private readonly PowerShellHost _ps;
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-compose-").FullName;

    public PipelineCompositionTests(NowSandboxFixture fixture)
    {
        _sandbox = fixture.Server;
        _sandbox.Reset();
        _sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        _ps = SandboxShell.Create(_sandbox);
        _ps.SetVariable("dir", _dir);
        // Objects without a Region property run in the shell's default region, as with Set-DefaultAWSRegion.
        _ps.SetVariable("StoredAWSRegion", "us-east-1");
    }

    public void Dispose()
    {
        _ps.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string, string> Rows()
    {
        var rows = new TheoryData<string, string>();
        foreach (var (source, consumers) in Matrix)
            foreach (var consumer in consumers)
                rows.Add(source, consumer);
        return rows;
    }

    [Fact]
    public void Every_output_type_of_the_module_has_a_row()
    {
        var cmdlets = typeof(PatchInstance).Assembly.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() is not null).ToList();
        Assert.NotEmpty(cmdlets);
        var outputTypes = cmdlets.SelectMany(c => c.GetCustomAttributes<OutputTypeAttribute>()).SelectMany(a => a.Type).Select(t => t.Type).Distinct().ToList();
        Assert.Contains(typeof(PatchRun), outputTypes);

        var piped = Matrix.Where(m => m.Value.Length > 0).Select(m => Sources[m.Key].Type).OfType<Type>().ToHashSet();
        var missing = outputTypes.Where(t => !piped.Contains(t) && !Terminal.ContainsKey(t)).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, $"Output types with no row in the composition matrix: {string.Join(", ", missing)}. Add a source and the cmdlets that take it, or list it in Terminal with the reason.");
        Assert.All(Terminal.Keys, t => Assert.Contains(t, outputTypes));
        Assert.All(Matrix.Keys, s => Assert.Contains(s, Sources.Keys));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Pipes(string source, string consumer)
    {
        // A run to be stopped must still be running when Stop-PatchRun looks: time stands still for those rows.
        if (consumer == "Stop-PatchRun")
            _sandbox.Clock.AdvancePerRequest = TimeSpan.Zero;
        var id = Prepare(source);
        var setup = _ps.Invoke(Sources[source].Script);
        Assert.True(setup.Errors.Count == 0 && setup.Terminating is null, $"setup of {source}: {setup}");
        var input = _ps.Invoke("$in").Output;
        Assert.NotEmpty(input);
        if (Sources[source].Type is { } type)
            Assert.All(input, o => Assert.IsType(type, o.BaseObject));
        _sandbox.Counters.Reset();

        var result = _ps.Invoke("$in | " + ConsumerScript(consumer));

        Assert.True(result.Terminating is null && result.Errors.Count == 0, $"{source} | {consumer}: {result}");
        Check(consumer, result, id, source);
    }

    /// <summary>Picks the instance the row is about (a managed, online one with EBS volumes), seeds its snapshot set and returns its id.</summary>
    private string Prepare(string source)
    {
        var instance = _sandbox.State.InstancesIn("us-east-1")
            .First(i => i.Ssm is { PingStatus: "Online" } && i.State == "running" && i.RootDeviceType == "ebs" && i.Volumes.Count > 0
                && _sandbox.Inspector2.FindingsIn("us-east-1").Any(f => f.ResourceId == i.InstanceId && f.Status == "ACTIVE"));
        if (source.Contains("(no tags)", StringComparison.Ordinal))
            _sandbox.State.Update(_ => instance.Tags.Clear());
        SandboxSnapshotSets.Seed(_sandbox, instance, RunId, _sandbox.Clock.UtcNow.AddDays(-2));
        _ps.SetVariable("id", instance.InstanceId);
        return instance.InstanceId;
    }

    private static string ConsumerScript(string consumer) => consumer switch
    {
        "New-PatchSnapshot -WhatIf" => "New-PatchSnapshot @awsNoRegion -WhatIf",
        "Invoke-PatchRun -WhatIf" => "Invoke-PatchRun @awsNoRegion -Operation Install -WhatIf",
        "Remove-PatchSnapshot -OlderThan -WhatIf" => "Remove-PatchSnapshot @awsNoRegion -OlderThan 1 -WhatIf",
        "Remove-PatchSnapshot -WhatIf" => "Remove-PatchSnapshot @awsNoRegion -WhatIf",
        "Restore-PatchSnapshot -WhatIf" => "Restore-PatchSnapshot @awsNoRegion -WhatIf",
        "Wait-PatchRun" => "Wait-PatchRun @awsNoRegion -PollIntervalSeconds 0.1",
        "Stop-PatchRun" or "Stop-PatchRun (finished)" => "Stop-PatchRun @awsNoRegion -Force -PassThru",
        "Export-PatchReport" => "Export-PatchReport -Path \"$dir/report.html\" -PassThru",
        "Set-PatchWindow -WhatIf" => "Set-PatchWindow @awsNoRegion -Duration 3 -WhatIf",
        "Remove-PatchWindow -WhatIf" => "Remove-PatchWindow @awsNoRegion -WhatIf",
        "Invoke-PatchRollout -WhatIf" => "Invoke-PatchRollout @aws -WhatIf",
        "Resume-PatchRollout" => "Resume-PatchRollout @awsNoRegion -Force",
        _ => consumer + " @awsNoRegion",
    };

    private void Check(string consumer, PowerShellResult result, string id, string source)
    {
        var writes = _sandbox.Counters.Writes;
        switch (consumer)
        {
            case "Get-PatchInstance":
                Assert.Equal(id, Assert.Single(result.OutputOf<PatchInstance>()).InstanceId);
                break;
            case "Get-PatchFinding":
                var findings = result.OutputOf<PatchFinding>();
                Assert.NotEmpty(findings);
                Assert.All(findings, f => Assert.Equal(id, f.InstanceId));
                break;
            case "Get-PatchPriority":
                var priority = Assert.Single(result.OutputOf<PatchPriority>());
                Assert.Equal(id, priority.InstanceId);
                Assert.True(priority.FindingCount > 0);
                break;
            case "Get-PatchCompliance":
                var compliance = Assert.Single(result.OutputOf<PatchCompliance>());
                Assert.Equal(id, compliance.InstanceId);
                if (source == "PatchInstance (no tags)")
                    Assert.Null(compliance.PatchGroup ?? compliance.Environment);
                break;
            case "Get-PatchMissing":
                // Either the patches of that instance, or the warning that Patch Manager never scanned it.
                var missing = result.OutputOf<PatchMissing>();
                Assert.All(missing, m => Assert.Equal(id, m.InstanceId));
                Assert.True(missing.Count > 0 || result.Warnings.Any(w => w.Message.Contains(id)), result.ToString());
                break;
            case "Get-PatchSnapshot":
                var set = Assert.Single(result.OutputOf<PatchSnapshot>(), s => s.RunId == RunId);
                Assert.Equal(id, set.InstanceId);
                break;
            case "New-PatchSnapshot -WhatIf" or "Invoke-PatchRun -WhatIf" or "Remove-PatchSnapshot -OlderThan -WhatIf" or "Remove-PatchSnapshot -WhatIf" or "Restore-PatchSnapshot -WhatIf":
                Assert.Empty(result.Output);
                Assert.Contains("What if:", result.HostText);
                Assert.Contains(id, result.HostText);
                Assert.Equal(0, writes);
                break;
            case "Invoke-PatchRollout -WhatIf":
                // The plan's one wave is shown, instance by instance; nothing is recorded or sent.
                Assert.Empty(result.Output);
                Assert.Contains("What if:", result.HostText);
                Assert.Contains(id, result.HostText);
                Assert.Equal(0, writes);
                Assert.Empty(_sandbox.State.Commands);
                break;
            case "Get-PatchRollout":
                var rollout = Assert.Single(result.OutputOf<PatchRollout>());
                Assert.Equal((RolloutId, "Succeeded"), (rollout.RolloutId, rollout.State));
                Assert.Equal([id], Assert.Single(rollout.Waves).InstanceIds);
                break;
            case "Resume-PatchRollout":
                // A rollout that succeeded is not redone: a warning, nothing sent.
                Assert.Empty(result.Output);
                Assert.Equal(0, writes);
                Assert.Contains(result.Warnings, w => w.Message.Contains(RolloutId) && w.Message.Contains("already succeeded"));
                break;
            case "Get-PatchSchedule":
                Assert.Equal(id, Assert.Single(result.OutputOf<PatchSchedule>()).InstanceId);
                break;
            case "Set-PatchWindow -WhatIf" or "Remove-PatchWindow -WhatIf":
                Assert.Empty(result.Output);
                Assert.Contains("What if:", result.HostText);
                Assert.Contains("compose-window", result.HostText);
                Assert.Equal(0, writes);
                Assert.Equal(2, Assert.Single(_sandbox.State.Windows).Duration);
                break;
            case "Wait-PatchRun":
                var waited = result.OutputOf<PatchRunResult>();
                Assert.Contains(waited, r => r.InstanceId == id);
                Assert.All(waited, r => Assert.Equal("Success", r.Status));
                break;
            case "Stop-PatchRun":
                Assert.Equal(1, _sandbox.Counters["ssm:CancelCommand"]);
                Assert.Contains(result.OutputOf<PatchRunResult>(), r => r.InstanceId == id);
                break;
            case "Stop-PatchRun (finished)":
                Assert.Equal(0, writes);
                Assert.Empty(result.Output);
                var commandId = Assert.Single(_sandbox.State.Commands).CommandId;
                Assert.Contains(result.Warnings, w => w.Message.Contains(commandId) && w.Message.Contains("already finished"));
                break;
            case "Get-PatchRun":
                var got = result.OutputOf<PatchRunResult>();
                Assert.Equal(id, Assert.Single(got).InstanceId);
                break;
            case "Export-PatchReport":
                var file = Assert.IsType<FileInfo>(Assert.Single(result.Output).BaseObject);
                var html = File.ReadAllText(file.FullName);
                var section = source switch
                {
                    "PatchFinding" => "findings",
                    "PatchPriority" => "priorities",
                    "PatchRunResult" => "runs",
                    "PatchRun (finished)" => "run-summaries",
                    "PatchRemediation" => "remediation",
                    _ => "compliance",
                };
                Assert.Matches($"<section id=\"{section}\"><h2>[^<]*\\([1-9][0-9]*\\)</h2>", html);
                break;
            default:
                throw new InvalidOperationException($"No check for {consumer}.");
        }
    }
}
