namespace AwsPatch.Sandbox;

/// <summary>Systems Manager maintenance windows per region, with their targets and tasks.</summary>
public sealed partial class SandboxState
{
    private readonly Dictionary<string, SandboxWindow> _windows = new(StringComparer.Ordinal);

    /// <summary>Every window in every region, by id.</summary>
    public IReadOnlyList<SandboxWindow> Windows
    {
        get { lock (_gate) return _windows.Values.OrderBy(w => w.WindowId, StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>The windows of a region, by id; call inside <see cref="Update"/> to change them.</summary>
    public IReadOnlyList<SandboxWindow> WindowsIn(string region)
    {
        lock (_gate) return _windows.Values.Where(w => w.Region == region).OrderBy(w => w.WindowId, StringComparer.Ordinal).ToArray();
    }

    public SandboxWindow? FindWindow(string region, string windowId)
    {
        lock (_gate) return _windows.TryGetValue(windowId, out var window) && window.Region == region ? window : null;
    }

    public void AddWindow(SandboxWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        lock (_gate) _windows.Add(window.WindowId, window);
    }

    public bool DeleteWindow(string region, string windowId)
    {
        lock (_gate) return FindWindow(region, windowId) is not null && _windows.Remove(windowId);
    }

    private void ResetWindows() => _windows.Clear();
}
