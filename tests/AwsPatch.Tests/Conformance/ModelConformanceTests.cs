using AwsPatch.Sandbox;
using AwsPatch.Sandbox.Protocol;
using AwsPatch.Tests.Hosting;
using Xunit.Abstractions;

namespace AwsPatch.Tests.Conformance;

/// <summary>
/// The module's cmdlets drive a recording sandbox through every operation the module calls (EC2, SSM, Inspector2, STS
/// AssumeRole, and GetCallerIdentity for the account of objects read without a role); then every answer the sandbox gave
/// is checked against the official service model (<see cref="ResponseValidator"/>).
/// </summary>
public sealed class ModelConformanceTests(ITestOutputHelper output)
{
    private const string Session = "-EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value -Region us-east-1";

    /// <summary>Operations the module calls that older botocore models lack; their answers are checked where the model has them.</summary>
    private static readonly HashSet<string> NewerThanInstalledModels = new(StringComparer.Ordinal) { "inspector2:BatchGetFindingDetails" };

    [SkippableFact]
    public async Task Every_answer_to_every_operation_the_module_calls_conforms_to_the_service_model()
    {
        var operations = ModuleOperations.All();
        var recorder = new ResponseRecorder();
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { ResponseRecorder = recorder, AccessKeys = TestKeys.All });
        server.Clock.AdvancePerRequest = TimeSpan.FromSeconds(10);
        using var host = PowerShellHost.Create();
        host.SetVariable("endpoint", server.Endpoint.ToString());
        var online = server.State.InstancesIn("us-east-1").Where(i => i.Ssm is { PingStatus: "Online" } && i.State == "running")
            .Select(i => i.InstanceId).Order(StringComparer.Ordinal).ToList();
        host.SetVariable("ids", online.Take(4).ToArray());
        host.SetVariable("staging", server.State.InstancesIn("us-east-1").Where(i => online.Contains(i.InstanceId) && i.Tags.GetValueOrDefault("Environment") == "staging")
            .Select(i => i.InstanceId).Take(2).ToArray());
        host.SetVariable("group", server.State.InstancesIn("us-east-1").First(i => i.PatchGroup is not null).PatchGroup);

        foreach (var script in new[]
        {
            $"Get-PatchInstance {Session} | Out-Null",
            $"Get-PatchInstance {Session} -InstanceId $ids -ManagedOnly | Get-PatchCompliance -EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value | Get-PatchMissing -EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value | Out-Null",
            $"Get-PatchCompliance {Session} -PatchGroup $group | Out-Null",
            $"Get-PatchFinding {Session} -InstanceId $ids | Get-PatchPriority | New-PatchPlan {Session} | Out-Null",
            $"Get-PatchSchedule {Session} -InstanceId $ids | Out-Null",
            $"Invoke-PatchRun -InstanceId $ids -Operation Install -SnapshotFirst -Force -Wait -PollIntervalSeconds 0.1 -RunId run-model-1 {Session} | Out-Null",
            $"Invoke-PatchRun -ResumeRunId run-model-1 -Wait -PollIntervalSeconds 0.1 -Force {Session} | Out-Null",
            $"Get-PatchRemediation {Session} -InstanceId $ids | Out-Null",
            $"Get-PatchRun {Session} | Out-Null",
            $"$run = Invoke-PatchRun -InstanceId $ids -Operation Scan {Session}; Wait-PatchRun -RunId $run[0].RunId -PollIntervalSeconds 0.1 {Session} | Out-Null",
            $"$run = Invoke-PatchRun -InstanceId $ids -Operation Scan {Session}; Stop-PatchRun -RunId $run[0].RunId -Force {Session}",
            $"Get-PatchSnapshot {Session} -InstanceId $ids | Restore-PatchSnapshot -Force -Wait -PollIntervalSeconds 0.1 {Session} | Out-Null",
            $"New-PatchSnapshot -InstanceId $ids[0] -Confirm:$false -Wait -PollIntervalSeconds 0.1 {Session} | Out-Null",
            $"Remove-PatchSnapshot {Session} -InstanceId $ids -KeepLast 1 -Force | Out-Null",
            $"New-PatchWindow {Session} -Name conformance -Schedule 'rate(7 days)' -Duration 2 -InstanceId $ids[0] | Out-Null",
            $"Get-PatchWindow {Session} -Name conformance -ResolveTargets | Set-PatchWindow -Duration 3 -Operation Scan -Confirm:$false {Session} | Out-Null",
            $"Set-PatchWindow {Session} -Name conformance -PatchGroup $group -Confirm:$false | Out-Null",
            $"Get-PatchWindow {Session} -Name conformance | Remove-PatchWindow -Force {Session}",
            $"$staging | Invoke-PatchRollout -WaveBy Environment -WaveOrder staging -CanaryCount 1 -Force -PollIntervalSeconds 0.1 -RolloutId ro-model {Session} | Out-Null",
            $"Get-PatchRollout -RolloutId ro-model {Session} | Out-Null",
            // Through the second account's role: STS AssumeRole, then that account's fleet with the temporary credentials.
            $"Get-PatchInstance {Session} -RoleArn arn:aws:iam::{SandboxAccounts.SecondAccountId}:role/{SandboxAccounts.DefaultRoleName} | Out-Null",
        })
        {
            // Inspector rescans 5 simulated minutes after the install: only then does an open finding need the baseline (GetPatchBaseline).
            if (script.StartsWith("Get-PatchRemediation", StringComparison.Ordinal)) server.Clock.Advance(TimeSpan.FromMinutes(10));
            var result = host.Invoke(script);
            Assert.True(result.Terminating is null, $"{script}\n{result}");
            Assert.True(result.Errors.Count == 0, $"{script}\n{string.Join("\n", result.Errors)}");
        }

        var responses = recorder.Responses;
        var called = responses.Where(r => r.Operation is not null).Select(r => (r.Service, r.Operation!)).ToHashSet();
        Assert.Contains(("sts", "AssumeRole"), operations);
        Assert.Contains(("sts", "GetCallerIdentity"), operations);   // Get-PatchCompliance with the keys' own account
        var missing = operations.Where(o => !called.Contains(o)).ToList();
        Assert.True(missing.Count == 0, "The scenario did not call: " + string.Join(", ", missing.Select(m => $"{m.Service}:{m.Operation}")));

        // An operation newer than the installed botocore model (Debian's botocore 1.29 predates BatchGetFindingDetails)
        // cannot be checked against it: only the operations listed here may be left out, and only while the model lacks them.
        var unmodelled = responses.Where(r => r.Operation is not null && !ServiceModels.Require(r.Service).HasOperation(r.Operation))
            .Select(r => $"{r.Service}:{r.Operation}").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(unmodelled.All(NewerThanInstalledModels.Contains), "Answers to operations the installed models do not have: " + string.Join(", ", unmodelled));
        if (unmodelled.Count > 0)
            output.WriteLine("Not checked (newer than the installed model): " + string.Join(", ", unmodelled));

        var violations = new List<string>();
        foreach (var response in responses.Where(r => r.Operation is not null && ServiceModels.Require(r.Service).HasOperation(r.Operation)))
        {
            var model = ServiceModels.Require(response.Service);
            violations.AddRange(ResponseValidator.Validate(model, response.Operation!, response.StatusCode, response.Body)
                .Where(v => !KnownDeviations.Covers(response.Service, response.Operation!, v))
                .Select(v => $"{response.Service}:{response.Operation} ({response.StatusCode}) {v}"));
        }
        output.WriteLine($"{responses.Count} answers over {called.Count} operations checked; the module calls {operations.Count}.");
        var distinct = violations.Distinct().ToList();
        Assert.True(distinct.Count == 0, $"{distinct.Count} violations:\n" + string.Join("\n", distinct.Take(200)));
    }
}
