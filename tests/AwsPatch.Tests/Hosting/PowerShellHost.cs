using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;

namespace AwsPatch.Tests.Hosting;

/// <summary>
/// One real PowerShell 7 runspace with AwsPatch imported from the test output folder
/// (<c>AwsPatch.psd1</c> beside this test assembly, so exactly one <c>AwsPatch.dll</c> is loaded),
/// and a non-interactive capturing host. Every instance is independent: safe for parallel tests.
/// </summary>
/// <remarks>
/// The engine is the System.Management.Automation package: core cmdlets only. There is no Write-Host,
/// Write-Error, Write-Warning, Select-Object, Format-*, Out-String or Test-Path; in scripts use
/// <c>$Host.UI.WriteLine()</c>, an advanced function's <c>$PSCmdlet.WriteError()</c>/<c>WriteWarning()</c>,
/// member access and <c>Where-Object</c>/<c>ForEach-Object</c>, and assert on the returned objects in C#.
/// Confirmation prompts are answered with <see cref="ConfirmAnswer"/> (default No; <see cref="ConfirmAnswer.NonInteractive"/>
/// refuses them as <c>pwsh -NonInteractive</c> does); ReadLine, Prompt and credential prompts throw a
/// <see cref="System.Management.Automation.Host.HostException"/>.
/// </remarks>
public sealed class PowerShellHost : IDisposable
{
    private readonly CapturingHost _host;

    private PowerShellHost(CapturingHost host, Runspace runspace)
    {
        _host = host;
        Runspace = runspace;
    }

    /// <summary>The manifest this host imports: the test output folder is an importable module folder.</summary>
    public static string ManifestPath => Path.Join(AppContext.BaseDirectory, "AwsPatch.psd1");

    public Runspace Runspace { get; }

    /// <summary>The host UI: <see cref="CapturingHostUserInterface.ConfirmAnswer"/>, prompts seen, text written.</summary>
    public CapturingHostUserInterface UI => _host.CapturingUI;

    /// <summary>Shortcut for <c>UI.ConfirmAnswer</c>: what every confirmation prompt is answered (default No).</summary>
    public ConfirmAnswer ConfirmAnswer
    {
        get => UI.ConfirmAnswer;
        set => UI.ConfirmAnswer = value;
    }

    /// <summary>The imported AwsPatch module.</summary>
    public PSModuleInfo Module { get; private set; } = null!;

    /// <summary>All text written to the host UI so far (Write-Host, Out-Default output, prompts).</summary>
    public string HostText => UI.Text;

    /// <summary>Opens a runspace with the default session state and imports AwsPatch; throws if the import fails.</summary>
    public static PowerShellHost Create()
    {
        var iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        var host = new CapturingHost();
        var runspace = RunspaceFactory.CreateRunspace(host, iss);
        var result = new PowerShellHost(host, runspace);
        try
        {
            runspace.Open();
            // The full error view: the most text in HostText, so leak and message tests see everything.
            result.SetVariable("ErrorView", "NormalView");
            result.Module = result.ImportModule();
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public void SetVariable(string name, object? value) => Runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Runs <paramref name="script"/> to the end and returns what every stream got. Never throws a script's terminating error.</summary>
    public PowerShellResult Invoke(string script)
    {
        using var shell = CreateShell(script);
        int start = UI.TextLength;
        var output = new PSDataCollection<PSObject>();
        Exception? terminating = null;
        try
        {
            shell.Invoke<PSObject, PSObject>(null, output, null);
        }
        catch (RuntimeException e)
        {
            terminating = e;
        }

        return new PowerShellResult([.. output], shell.Streams, UI.TextFrom(start), terminating);
    }

    /// <summary>A PowerShell on this runspace (and host) with <paramref name="script"/> added; the caller invokes, stops and disposes it.</summary>
    public PowerShell CreateShell(string script)
    {
        var shell = PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddScript(script);
        return shell;
    }

    public void Dispose() => Runspace.Dispose();

    /// <summary>
    /// Removes ANSI escape sequences (SGR colours, OSC hyperlinks). The engine colours table headers and errors
    /// ($PSStyle.OutputRendering = Host), so measure widths and compare lines on stripped text.
    /// </summary>
    public static string StripAnsi(string text) =>
        Regex.Replace(text, @"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", string.Empty);

    private PSModuleInfo ImportModule()
    {
        using var shell = PowerShell.Create();
        shell.Runspace = Runspace;
        shell.AddCommand("Import-Module")
            .AddParameter("Name", ManifestPath)
            .AddParameter("PassThru")
            .AddParameter("ErrorAction", ActionPreference.Stop);
        try
        {
            var modules = shell.Invoke<PSModuleInfo>();
            if (shell.HadErrors || modules.Count != 1)
            {
                string errors = string.Join("; ", shell.Streams.Error.Select(e => e.ToString()));
                throw new InvalidOperationException($"Import-Module '{ManifestPath}' returned {modules.Count} modules; errors: {errors}");
            }

            return modules[0];
        }
        catch (RuntimeException e)
        {
            throw new InvalidOperationException($"Import-Module '{ManifestPath}' failed: {e.Message}", e);
        }
    }
}
