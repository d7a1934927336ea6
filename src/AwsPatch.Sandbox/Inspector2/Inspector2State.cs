using AwsPatch.Sandbox.Inspector2;

namespace AwsPatch.Sandbox;

/// <summary>
/// Amazon Inspector's side of the sandbox: findings per region and whether Inspector is enabled there
/// (every region is, until a test turns one off). Requests read an immutable per-region snapshot with its
/// indexes; changes replace the snapshot, so readers never lock.
/// </summary>
public sealed class Inspector2State
{
    private readonly object _gate = new();
    private readonly Func<SandboxFleet, IReadOnlyList<Inspector2Finding>> _seed;
    private readonly HashSet<string> _disabled = new(StringComparer.Ordinal);
    private Dictionary<string, RegionFindings> _regions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _scannedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTime> _scannedOperation = new(StringComparer.Ordinal);

    /// <param name="seed">Produces the findings for a fleet; called by <see cref="Reset"/>.</param>
    public Inspector2State(Func<SandboxFleet, IReadOnlyList<Inspector2Finding>> seed) => _seed = seed;

    /// <summary>
    /// How long after a patch operation completed (after its reboot) Inspector rescans the instance
    /// (<see cref="FindingRescan"/>); <see cref="SandboxOptions.InspectorRescanDelay"/>.
    /// </summary>
    public TimeSpan RescanDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>When Inspector last scanned <paramref name="instanceId"/> (ListCoverage's lastScannedAt); null before any scan it knows of.</summary>
    public DateTime? LastScannedAt(string instanceId)
    {
        lock (_gate) return _scannedAt.TryGetValue(instanceId, out var at) ? at : null;
    }

    /// <summary>
    /// Rescans every instance whose last patch operation completed at least <see cref="RescanDelay"/> before
    /// <paramref name="now"/> and was not rescanned since (a seeded scan, from before the clock start, was already seen): its findings change as <see cref="FindingRescan"/> says, at
    /// the operation's end plus the delay, and its last scan time moves there (called on every clock move).
    /// </summary>
    public void Rescan(SandboxState fleet, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var instances = fleet.Read(all => all.Where(i => i.Ssm is not null && i.State == "running")
            .Select(i => (i.InstanceId, Baseline: PatchBaselines.DefaultFor(PatchBaselines.OperatingSystemOf(i))!)).ToArray());
        foreach (var (id, baseline) in instances)
        {
            var patchState = fleet.PatchStateOf(id);
            if (patchState.LastOperationTime is not { } ended || ended <= fleet.ClockStart || ended + RescanDelay > now) continue;
            lock (_gate)
            {
                if (_scannedOperation.TryGetValue(id, out var done) && done >= ended) continue;
                _scannedOperation[id] = ended;
                var at = ended + RescanDelay;
                _scannedAt[id] = at;
                var changed = _regions.Values.SelectMany(r => r.ByResource.GetValueOrDefault(id) ?? [])
                    .Select(f => FindingRescan.Apply(f, patchState, baseline, at)).ToArray();
                foreach (var group in changed.GroupBy(f => f.Region, StringComparer.Ordinal))
                {
                    var byArn = _regions[group.Key].ByArn.ToDictionary(f => f.FindingArn, StringComparer.Ordinal);
                    foreach (var finding in group) byArn[finding.FindingArn] = finding;
                    _regions = new Dictionary<string, RegionFindings>(_regions, StringComparer.Ordinal) { [group.Key] = new RegionFindings(byArn.Values) };
                }
            }
        }
    }

    /// <summary>Whether Inspector is enabled for the account in <paramref name="region"/> (default: yes).</summary>
    public bool IsEnabled(string region)
    {
        lock (_gate) return !_disabled.Contains(region);
    }

    /// <summary>Turns Inspector on or off in one region; off, its list operations answer AccessDeniedException.</summary>
    public void SetEnabled(string region, bool enabled)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        lock (_gate)
        {
            if (enabled) _disabled.Remove(region);
            else _disabled.Add(region);
        }
    }

    /// <summary>All findings of all regions.</summary>
    public IReadOnlyList<Inspector2Finding> Findings
    {
        get { lock (_gate) return _regions.Values.SelectMany(r => r.ByArn).ToArray(); }
    }

    public IReadOnlyList<Inspector2Finding> FindingsIn(string region) => Snapshot(region).ByArn;

    public Inspector2Finding? FindFinding(string findingArn)
    {
        lock (_gate)
            foreach (var region in _regions.Values)
                if (region.ByArnLookup.TryGetValue(findingArn, out var finding)) return finding;
        return null;
    }

    public void AddFinding(Inspector2Finding finding) => AddFindings([finding]);

    /// <summary>Adds findings (each to its <see cref="Inspector2Finding.Region"/>); an existing ARN is replaced.</summary>
    public void AddFindings(IEnumerable<Inspector2Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        lock (_gate)
        {
            foreach (var group in findings.GroupBy(f => f.Region, StringComparer.Ordinal))
            {
                var byArn = _regions.TryGetValue(group.Key, out var existing)
                    ? existing.ByArn.ToDictionary(f => f.FindingArn, StringComparer.Ordinal)
                    : new Dictionary<string, Inspector2Finding>(StringComparer.Ordinal);
                foreach (var finding in group) byArn[finding.FindingArn] = finding;
                _regions = new Dictionary<string, RegionFindings>(_regions, StringComparer.Ordinal) { [group.Key] = new RegionFindings(byArn.Values) };
            }
        }
    }

    public bool RemoveFinding(string findingArn)
    {
        lock (_gate)
        {
            var region = _regions.FirstOrDefault(r => r.Value.ByArnLookup.ContainsKey(findingArn));
            if (region.Value is null) return false;
            _regions = new Dictionary<string, RegionFindings>(_regions, StringComparer.Ordinal)
            {
                [region.Key] = new RegionFindings(region.Value.ByArn.Where(f => f.FindingArn != findingArn)),
            };
            return true;
        }
    }

    /// <summary>Removes the findings of one region, or of all regions when <paramref name="region"/> is null.</summary>
    public void ClearFindings(string? region = null)
    {
        lock (_gate)
        {
            if (region is null) _regions = new Dictionary<string, RegionFindings>(StringComparer.Ordinal);
            else
            {
                var copy = new Dictionary<string, RegionFindings>(_regions, StringComparer.Ordinal);
                copy.Remove(region);
                _regions = copy;
            }
        }
    }

    /// <summary>Reseeds the findings from <paramref name="fleet"/> and enables every region.</summary>
    public void Reset(SandboxFleet fleet)
    {
        var findings = _seed(fleet);
        lock (_gate)
        {
            _disabled.Clear();
            _scannedOperation.Clear();
            _scannedAt.Clear();
            foreach (var instance in fleet.Instances)
                if (instance.Ssm is not null && instance.State == "running") _scannedAt[instance.InstanceId] = instance.Ssm.LastPingDateTime;
            _regions = findings.GroupBy(f => f.Region, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new RegionFindings(g), StringComparer.Ordinal);
        }
    }

    /// <summary>Reseeds the findings from the sandbox's current fleet and enables every region.</summary>
    public void Reset(SandboxState fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        Reset(new SandboxFleet { AccountId = fleet.AccountId, ClockStart = fleet.ClockStart, Instances = fleet.Instances });
    }

    internal RegionFindings Snapshot(string region)
    {
        Dictionary<string, RegionFindings> regions;
        lock (_gate) regions = _regions;
        return regions.TryGetValue(region, out var found) ? found : RegionFindings.Empty;
    }
}
