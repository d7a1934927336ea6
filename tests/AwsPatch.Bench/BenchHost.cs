using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace AwsPatch.Bench;

/// <summary>A runspace with AwsPatch imported from this program's folder; runs one pipeline and measures it.</summary>
internal sealed class BenchHost : IDisposable
{
    private readonly Runspace _runspace;

    public BenchHost(Uri endpoint)
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        using var import = PowerShell.Create();
        import.Runspace = _runspace;
        import.AddCommand("Import-Module").AddParameter("Name", Path.Join(AppContext.BaseDirectory, "AwsPatch.psd1")).AddParameter("ErrorAction", "Stop").Invoke();
        _runspace.SessionStateProxy.SetVariable("aws", new System.Collections.Hashtable
        {
            ["EndpointUrl"] = endpoint.ToString(),
            ["AccessKey"] = "AKIASANDBOXEXAMPLE",
            ["SecretKey"] = "sandbox-secret",
            ["Region"] = "us-east-1",
        });
    }

    public void SetVariable(string name, object value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Time since the current (or last) <see cref="Run"/> started its pipeline: read it in an observer to time each object.</summary>
    public Stopwatch Clock { get; } = new();

    /// <summary>
    /// Runs <paramref name="script"/>; counts output objects as they arrive without keeping them (handing each to
    /// <paramref name="observe"/> first), records the time to the first one, and samples the managed heap to find its
    /// peak. Progress records are dropped as they arrive, counting those <paramref name="countProgress"/> accepts; each
    /// error record goes to <paramref name="observeError"/> at the end.
    /// </summary>
    public Measurement Run(string script, Action<PSObject>? observe = null, Predicate<ProgressRecord>? countProgress = null, Action<ErrorRecord>? observeError = null)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        var output = new PSDataCollection<PSObject>();
        long count = 0;
        TimeSpan? first = null;
        var clock = Clock;
        clock.Restart();
        output.DataAdded += (_, _) =>
        {
            if (Interlocked.Increment(ref count) == 1)
                first = clock.Elapsed;
            foreach (var item in output.ReadAll())
                observe?.Invoke(item);
        };
        long progress = 0;
        if (countProgress != null)
        {
            shell.Streams.Progress.DataAdded += (_, _) =>
            {
                foreach (var record in shell.Streams.Progress.ReadAll())
                    if (countProgress(record)) Interlocked.Increment(ref progress);
            };
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = GC.GetTotalMemory(true);
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
                try { await Task.Delay(5, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        using var self = Process.GetCurrentProcess();
        var processorBefore = self.TotalProcessorTime;
        clock.Restart();
        shell.Invoke<PSObject, PSObject>(null, output, null);
        var elapsed = clock.Elapsed;
        self.Refresh();
        var processor = self.TotalProcessorTime - processorBefore;
        sampling.Cancel();
        sampler.Wait();
        var errors = shell.Streams.Error.Count;
        foreach (var error in shell.Streams.Error)
            observeError?.Invoke(error);
        if (errors > 0)
            Console.WriteLine($"  ! {errors} errors; first: {shell.Streams.Error[0]}");
        return new Measurement(count, elapsed, first, Math.Max(0, peak - baseline), errors, Interlocked.Read(ref progress), processor);
    }

    /// <summary>Runs <paramref name="script"/> unmeasured and returns its output objects of type <typeparamref name="T"/>.</summary>
    public List<T> Collect<T>(string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        return shell.Invoke().Select(o => o?.BaseObject).OfType<T>().ToList();
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>
/// One measured pipeline; <paramref name="ProcessorTime"/> is the CPU time this whole process (the engine, the module,
/// the SDK, the GC and the heap sampler) spent while it ran, on all cores.
/// </summary>
internal sealed record Measurement(long Objects, TimeSpan Elapsed, TimeSpan? FirstObject, long PeakManagedBytes, int Errors, long CountedProgress = 0, TimeSpan ProcessorTime = default)
{
    public double PerSecond => Objects / Math.Max(Elapsed.TotalSeconds, 1e-9);
    public string PeakMiB => $"{PeakManagedBytes / 1048576.0:0.0} MiB";
}
