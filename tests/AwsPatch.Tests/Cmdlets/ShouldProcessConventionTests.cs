using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>
/// STYLE.md section 5 and DESIGN.md's safety rules over every cmdlet that supports ShouldProcess (found by
/// reflection, calls from <see cref="StateChangingCalls"/>): -WhatIf and $WhatIfPreference win over -Force and
/// -Confirm:$false and make no write call and write no file; a host that cannot prompt gets ConfirmationRequired
/// before anything is sent, and -Force or -Confirm:$false run there without a prompt.
/// </summary>
public sealed class ShouldProcessConventionTests : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxServer _server;
    private readonly string _dir = Directory.CreateTempSubdirectory("awspatch-whatif-").FullName;
    private PowerShellHost? _host;

    public ShouldProcessConventionTests(SandboxFixture fixture) => _server = fixture.Server;

    public static TheoryData<string> Calls => [.. StateChangingCalls.Rows()];

    /// <summary>How -WhatIf reaches the cmdlet: switch, preference variable, or an advanced function's -WhatIf; with or without -Force.</summary>
    public static TheoryData<string, string> WhatIfCases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var row in StateChangingCalls.Rows())
            {
                var cmdlet = StateChangingCalls.All.FirstOrDefault(c => c.Name == row)?.Cmdlet ?? row;
                foreach (var mode in WhatIfModes.Where(m => !m.Contains("-Force", StringComparison.Ordinal) || StateChangingCalls.HasForce(cmdlet)))
                    cases.Add(row, mode);
            }
            return cases;
        }
    }

    private static readonly string[] WhatIfModes =
    [
        "{0} -WhatIf",
        "{0} -WhatIf -Force",
        "$WhatIfPreference = $true\n{0}",
        "$WhatIfPreference = $true\n{0} -Force",
        "$WhatIfPreference = $true\n{0} -Confirm:$false",
        "function Invoke-Runbook {{ [CmdletBinding(SupportsShouldProcess)] param() {0} -Confirm:$false }}\nInvoke-Runbook -WhatIf",
        "function Invoke-Runbook {{ [CmdletBinding(SupportsShouldProcess)] param() {0} -Force }}\nInvoke-Runbook -WhatIf",
    ];

    public void Dispose()
    {
        _host?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Every_ShouldProcess_cmdlet_has_a_call_in_the_table()
    {
        Assert.Contains("Invoke-PatchRun", StateChangingCalls.ShouldProcessCmdlets);
        Assert.Contains("Export-PatchReport", StateChangingCalls.ShouldProcessCmdlets);
        Assert.All(StateChangingCalls.ShouldProcessCmdlets, cmdlet => StateChangingCalls.Of(cmdlet));
        Assert.All(StateChangingCalls.All, call => Assert.Contains(call.Cmdlet, StateChangingCalls.ShouldProcessCmdlets));
    }

    [Theory]
    [MemberData(nameof(WhatIfCases))]
    public void WhatIf_wins_over_everything_and_writes_nothing(string row, string mode)
    {
        var call = StateChangingCalls.ForRow(row);
        var host = Prepare(call, ConfirmAnswer.YesToAll);

        var result = host.Invoke(string.Format(mode, call.Script));

        Assert.True(result.Terminating is null && result.Errors.Count == 0, result.ToString());
        Assert.True(_server.Counters.Writes == 0, $"{call.Name} under '{mode}' sent: {Writes()}");
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
        Assert.Contains("What if:", result.HostText);
        Assert.Empty(host.UI.Prompts);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void A_host_that_cannot_prompt_gets_ConfirmationRequired_before_anything_is_sent(string row)
    {
        var call = StateChangingCalls.ForRow(row);
        var host = Prepare(call, ConfirmAnswer.NonInteractive);

        var result = host.Invoke(call.Script);

        if (!call.Prompts)
        {
            // No confirmation needed at the default $ConfirmPreference: it just runs, prompt-free.
            Assert.True(result.Terminating is null && result.Errors.Count == 0, result.ToString());
            Assert.Empty(host.UI.Prompts);
            Assert.True(Acted(), $"{call.Name} did nothing in a non-interactive host.");
            return;
        }

        var error = Assert.Single(ErrorsOf(result));
        Assert.Equal($"ConfirmationRequired,AwsPatch.Commands.{call.Cmdlet.Replace("-", string.Empty, StringComparison.Ordinal)}Command", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
        Assert.Contains("cannot prompt", error.Exception.Message);
        Assert.Contains("NonInteractive mode", error.Exception.Message);
        Assert.Contains("-Confirm:$false", error.ErrorDetails.RecommendedAction);
        if (StateChangingCalls.HasForce(call.Cmdlet))
            Assert.Contains("-Force", error.ErrorDetails.RecommendedAction);
        var target = error.TargetObject.ToString()!;
        Assert.Contains(target, Assert.Single(host.UI.Prompts));
        Assert.Contains(target, error.Exception.Message);
        Assert.True(_server.Counters.Writes == 0, $"{call.Name} sent: {Writes()}");
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
        Assert.Empty(result.Output);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public void Force_and_Confirm_false_run_without_a_prompt_in_a_host_that_cannot_prompt(string row)
    {
        var call = StateChangingCalls.ForRow(row);
        var switches = StateChangingCalls.HasForce(call.Cmdlet) ? new[] { "-Confirm:$false", "-Force" } : ["-Confirm:$false"];
        foreach (var unattended in switches)
        {
            var host = Prepare(call, ConfirmAnswer.NonInteractive);

            var result = host.Invoke($"{call.Script} {unattended}");

            Assert.True(result.Terminating is null && result.Errors.Count == 0, $"{unattended}: {result}");
            Assert.Empty(host.UI.Prompts);
            Assert.True(Acted(), $"{call.Name} {unattended} did nothing.");
        }
    }

    [Fact]
    public void A_host_without_a_user_interface_gets_ConfirmationRequired_too()
    {
        _server.Reset();
        var id = _server.State.InstancesIn("us-east-1").First(i => i.State == "running" && i.Ssm is { PingStatus: "Online" }).InstanceId;
        var iss = System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2();
        using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(iss);   // the engine's default host: no UI
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript("""
            param($manifest, $endpoint, $id)
            Import-Module $manifest
            Invoke-PatchRun -InstanceId $id -Operation Install -EndpointUrl $endpoint -AccessKey AKIDSANDBOX -SecretKey sandbox-secret-value -Region us-east-1
            """).AddArgument(PowerShellHost.ManifestPath).AddArgument(_server.Endpoint.ToString()).AddArgument(id);

        shell.Invoke();

        var error = Assert.Single(shell.Streams.Error);
        Assert.StartsWith("ConfirmationRequired,", error.FullyQualifiedErrorId);
        Assert.IsType<System.Management.Automation.Host.HostException>(error.Exception.InnerException);
        Assert.Equal(0, _server.Counters.Writes);
    }

    [Fact]
    public void Invoke_PatchRun_WhatIf_names_the_snapshot_the_install_and_the_reboot()
    {
        var call = StateChangingCalls.Named("Invoke-PatchRun Install -SnapshotFirst");
        var host = Prepare(call, ConfirmAnswer.No);

        var result = host.Invoke($"$WhatIfPreference = $true; {call.Script} -Force");

        var lines = result.HostText.Split('\n').Where(l => l.StartsWith("What if:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Matches(@"""Run run-\S+: snapshot every EBS volume \(tagged AwsPatch:RunId\) and wait until the snapshots complete", line);
            Assert.Contains("then install the approved patches with AWS-RunPatchBaseline", line);
            Assert.Contains("then reboot the instance if the installed patches need it (RebootIfNeeded)", line);
        });
        Assert.Equal(0, _server.Counters.Writes);
    }

    [Fact]
    public void Scan_asks_only_when_Confirm_or_ConfirmPreference_ask_and_Install_always_does()
    {
        var call = StateChangingCalls.Named("Invoke-PatchRun Scan");
        var cases = new (string Script, int Prompts)[]
        {
            (call.Script, 0),
            ($"$ConfirmPreference = 'Medium'; {call.Script}", 0),
            ($"$ConfirmPreference = 'Low'; {call.Script}", 2),
            ($"{call.Script} -Confirm", 2),
            ($"$ConfirmPreference = 'Low'; {call.Script} -Confirm:$false", 0),
            ($"$ConfirmPreference = 'Low'; {call.Script} -Force", 0),
            ("Invoke-PatchRun -InstanceId $ids -Operation Install @aws", 2),
            ("$ConfirmPreference = 'None'; Invoke-PatchRun -InstanceId $ids -Operation Install @aws", 0),
        };
        foreach (var (script, prompts) in cases)
        {
            var host = Prepare(call, ConfirmAnswer.No);

            var result = host.Invoke(script);

            Assert.True(result.Terminating is null && result.Errors.Count == 0, $"{script}: {result}");
            Assert.True(prompts == host.UI.Prompts.Count, $"{script}: {host.UI.Prompts.Count} prompt(s), expected {prompts}");
            Assert.Equal(prompts == 0 ? 1 : 0, _server.Counters["ssm:SendCommand"]);
        }
    }

    /// <summary>A fresh host over a reset sandbox, prepared for <paramref name="call"/>, counters zeroed afterwards.</summary>
    private PowerShellHost Prepare(StateChangingCall call, ConfirmAnswer answer)
    {
        _host?.Dispose();
        foreach (var entry in Directory.GetFileSystemEntries(_dir))
            File.Delete(entry);
        _server.Reset();
        _host = SandboxShell.Create(_server);
        // The hosted engine has no Set-Location; relative paths resolve against this location.
        _host.Runspace.SessionStateProxy.Path.SetLocation(WildcardPattern.Escape(_dir));
        call.Prepare(_server, _host);
        _server.Counters.Reset();
        _host.ConfirmAnswer = answer;
        return _host;
    }

    private bool Acted() => _server.Counters.Writes > 0 || Directory.GetFileSystemEntries(_dir).Length > 0;

    private string Writes() =>
        string.Join(", ", _server.Counters.Snapshot().Where(c => !RequestCounters.IsRead(c.Key.Split(':')[1])).Select(c => $"{c.Key} x{c.Value}"));

    /// <summary>A cmdlet's terminating error ends its statement: it is in the error stream or is the script's terminating exception.</summary>
    private static IEnumerable<ErrorRecord> ErrorsOf(PowerShellResult result) =>
        result.Terminating is IContainsErrorRecord terminating ? result.Errors.Append(terminating.ErrorRecord) : result.Errors;
}
