using AwsPatch.Rollouts;
using AwsPatch.Tests.Unit.Runs;

namespace AwsPatch.Tests.Unit.Rollouts;

/// <summary>
/// The gates a rollout's record keeps (the health check document and its parameters, the remediation gate), read back
/// from Parameter Store, from a record written before they were kept, and merged with what Resume-PatchRollout is given.
/// </summary>
public class RolloutRecordGateTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Commands = new Dictionary<string, IReadOnlyList<string>>
    {
        ["commands"] = ["systemctl is-active nginx", "printf 'a=b\\nc'  # \"quoted\""],
        ["workingDirectory"] = ["/tmp"],
    };

    private static RolloutRecord Record(string? document = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? parameters = null, TimeSpan? remediation = null) => new()
    {
        RolloutId = "ro-gates",
        Region = "us-east-1",
        PatchSnapshotId = Guid.NewGuid().ToString(),
        StartedAt = new DateTime(2026, 12, 3, 16, 0, 0, DateTimeKind.Utc),
        Waves = [new PatchRolloutWave { Wave = 1, Name = "staging", InstanceIds = ["i-0123456789abcdef0"], MaxErrors = "0", RunId = "ro-gates-w1" }],
        HealthCheckDocument = document,
        HealthCheckParameters = parameters ?? new Dictionary<string, IReadOnlyList<string>>(),
        RemediationTimeout = remediation,
    };

    private static async Task<RolloutRecord> RoundTrip(RolloutRecord record, FakeParameterStore? parameters = null)
    {
        parameters ??= new FakeParameterStore();
        var store = new RolloutRecordStore(parameters);
        await store.CreateAsync(record, CancellationToken.None);
        return (await store.LoadAsync(record.RolloutId, CancellationToken.None))!;
    }

    [Fact]
    public async Task The_health_check_document_its_parameters_and_the_remediation_gate_are_read_back_as_written()
    {
        var back = await RoundTrip(Record("AWS-RunShellScript", Commands, TimeSpan.FromMinutes(30)));

        Assert.Equal("AWS-RunShellScript", back.HealthCheckDocument);
        Assert.Equal(Commands.Keys.Order(), back.HealthCheckParameters.Keys.Order());
        Assert.Equal(Commands["commands"], back.HealthCheckParameters["commands"]);
        Assert.Equal(TimeSpan.FromMinutes(30), back.RemediationTimeout);
    }

    [Fact]
    public async Task Parameters_longer_than_one_Standard_value_are_kept_in_several_and_read_back_whole()
    {
        var script = Enumerable.Range(0, 300).Select(i => $"echo line {i} \u00e9\u00e8 \"x\"").ToList();
        var parameters = new FakeParameterStore();
        var back = await RoundTrip(Record("AWS-RunShellScript", new Dictionary<string, IReadOnlyList<string>> { ["commands"] = script }), parameters);

        Assert.True(parameters.Values.Keys.Count(k => k.StartsWith(RolloutRecord.PathOf("ro-gates") + "healthcheck/", StringComparison.Ordinal)) > 1);
        Assert.Equal(script, back.HealthCheckParameters["commands"]);
    }

    [Fact]
    public async Task A_record_written_before_gates_were_kept_reads_as_no_health_check_document_and_no_remediation_gate()
    {
        var parameters = new FakeParameterStore();
        var old = Record();
        await parameters.PutAsync(RolloutRecord.PlanName(old.RolloutId), string.Join("\n", old.FormatPlan().Split('\n').Where(l => !l.StartsWith("HealthCheck", StringComparison.Ordinal) && !l.StartsWith("Remediation", StringComparison.Ordinal))), "old", CancellationToken.None);
        var back = RolloutRecord.Parse(old.RolloutId, parameters.Values)!;

        Assert.Null(back.HealthCheckDocument);
        Assert.Empty(back.HealthCheckParameters);
        Assert.Null(back.RemediationTimeout);
        Assert.Equal(old.PatchSnapshotId, back.PatchSnapshotId);
    }

    [Fact]
    public void A_resume_given_nothing_runs_the_recorded_gates()
    {
        var options = new RolloutOptions().ResumedWith(Record("AWS-RunShellScript", Commands, TimeSpan.FromMinutes(30)), new ResumeGates());

        Assert.Equal(("AWS-RunShellScript", TimeSpan.FromMinutes(30)), (options.HealthCheckDocument, options.RemediationDeadline));
        Assert.Same(Commands["commands"], options.HealthCheckParameters["commands"]);
    }

    [Fact]
    public void What_a_resume_is_given_again_wins_over_the_record()
    {
        var record = Record("AWS-RunShellScript", Commands, TimeSpan.FromMinutes(30));
        var mine = new Dictionary<string, IReadOnlyList<string>> { ["commands"] = ["true"] };

        var parameters = new RolloutOptions().ResumedWith(record, new ResumeGates { HealthCheckParameters = mine, RemediationGate = false });
        Assert.Equal(("AWS-RunShellScript", (TimeSpan?)null), (parameters.HealthCheckDocument, parameters.RemediationDeadline));
        Assert.Same(mine, parameters.HealthCheckParameters);

        // Another document does not get the recorded document's parameters; a new timeout keeps the recorded gate on.
        var other = new RolloutOptions().ResumedWith(record, new ResumeGates { HealthCheckDocument = "My-Check", RemediationTimeout = TimeSpan.FromMinutes(5) });
        Assert.Equal(("My-Check", TimeSpan.FromMinutes(5)), (other.HealthCheckDocument, other.RemediationDeadline));
        Assert.Empty(other.HealthCheckParameters);

        // A gate the rollout did not record is turned on by the resume, with the default timeout.
        var on = new RolloutOptions().ResumedWith(Record(), new ResumeGates { RemediationGate = true });
        Assert.Equal(TimeSpan.FromMinutes(RolloutOptions.DefaultRemediationMinutes), on.RemediationDeadline);
        Assert.Null(on.HealthCheckDocument);
    }
}
