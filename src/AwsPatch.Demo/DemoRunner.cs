using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AwsPatch.Sandbox.Demo;

/// <summary>
/// `dotnet run --project src/AwsPatch.Demo`: starts the sandbox in-process, hosts PowerShell with a
/// console host, imports AwsPatch from this program's folder and runs examples/Demo.ps1 (embedded) against it.
/// </summary>
public static class DemoRunner
{
    /// <summary>The demo script, as shipped in examples/Demo.ps1.</summary>
    public static string Script
    {
        get
        {
            using var stream = typeof(DemoRunner).Assembly.GetManifestResourceStream("Demo.ps1")
                ?? throw new InvalidOperationException("The embedded demo script is missing.");
            return new StreamReader(stream).ReadToEnd();
        }
    }

    /// <returns>0 when the demo ran to the end, 1 when it stopped on an error (printed).</returns>
    public static async Task<int> RunAsync(TextWriter output, string reportPath, bool terminal, double pollIntervalSeconds = 0.5)
    {
        // The clock starts at the real time, so compliance ages (-StaleAfter, 7 days by default) read as they would in AWS.
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { ClockStart = DateTime.UtcNow });
        // Snapshots and commands take simulated minutes; every request moves the clock on, so each poll sees progress.
        sandbox.Clock.AdvancePerRequest = TimeSpan.FromSeconds(20);
        output.WriteLine($"AwsPatch demo: sandbox at {sandbox.Endpoint} with {sandbox.State.Instances.Count} instances; report to {reportPath}");

        using var runspace = RunspaceFactory.CreateRunspace(new DemoHost(output, terminal), InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Import-Module").AddParameter("Name", Path.Join(AppContext.BaseDirectory, "AwsPatch.psd1")).AddParameter("ErrorAction", ActionPreference.Stop);
        shell.Invoke();
        shell.Commands.Clear();
        if (!terminal)
        {
            shell.AddScript("$PSStyle.OutputRendering = 'PlainText'");   // no colour codes in a file or a pipe
            shell.Invoke();
            shell.Commands.Clear();
        }

        shell.AddScript(Script)
            .AddParameter("EndpointUrl", sandbox.Endpoint.ToString())
            .AddParameter("Region", "us-east-1")
            .AddParameter("ReportPath", reportPath)
            .AddParameter("PollIntervalSeconds", pollIntervalSeconds);
        shell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        shell.AddCommand("Out-Default");
        try
        {
            await Task.Run(() => shell.Invoke());
            return shell.HadErrors ? 1 : 0;
        }
        catch (RuntimeException e)
        {
            output.WriteLine();
            output.WriteLine($"The demo stopped: {e.Message}");
            return 1;
        }
    }
}
