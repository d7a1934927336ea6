namespace AwsPatch.Sandbox;

/// <summary>
/// The in-memory fleet every service handler reads and writes. One lock guards it: handlers query and
/// serialize inside <see cref="Read{T}"/>, tests change it through the methods here or <see cref="Update"/>.
/// </summary>
public sealed partial class SandboxState
{
    private readonly object _gate = new();
    private readonly Func<SandboxFleet> _seed;
    private List<SandboxInstance> _instances = [];
    private Dictionary<string, SandboxInstance> _byId = new(StringComparer.Ordinal);
    private RunCommandSimulation _runCommands = new();

    /// <param name="seed">Produces a fresh fleet; called now and on every <see cref="Reset"/>.</param>
    public SandboxState(Func<SandboxFleet> seed)
    {
        _seed = seed;
        Reset();
    }

    public string AccountId { get; private set; } = SandboxFleet.DefaultAccountId;

    /// <summary>Where the seeded fleet's clock starts (the fleet's timestamps are relative to it).</summary>
    public DateTime ClockStart { get; private set; } = SandboxClock.DefaultStart;

    /// <summary>A snapshot of all instances in all regions.</summary>
    public IReadOnlyList<SandboxInstance> Instances { get { lock (_gate) return _instances.ToArray(); } }

    public IReadOnlyList<SandboxInstance> InstancesIn(string region)
    {
        lock (_gate) return _instances.Where(i => i.Region == region).ToArray();
    }

    public IReadOnlyList<string> Regions
    {
        get { lock (_gate) return _instances.Select(i => i.Region).Distinct().Order(StringComparer.Ordinal).ToArray(); }
    }

    public SandboxInstance? FindInstance(string instanceId)
    {
        lock (_gate) return _instances.FirstOrDefault(i => i.InstanceId == instanceId);
    }

    public void AddInstance(SandboxInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        lock (_gate)
        {
            if (_instances.Any(i => i.InstanceId == instance.InstanceId))
                throw new ArgumentException($"Instance '{instance.InstanceId}' already exists in the sandbox.", nameof(instance));
            _instances.Add(instance);
            _byId[instance.InstanceId] = instance;
        }
    }

    public bool RemoveInstance(string instanceId)
    {
        lock (_gate)
        {
            _byId.Remove(instanceId);
            return _instances.RemoveAll(i => i.InstanceId == instanceId) > 0;
        }
    }

    /// <summary>Runs <paramref name="change"/> under the state lock (no request sees a half-made change).</summary>
    public void Update(Action<SandboxState> change)
    {
        lock (_gate) change(this);
    }

    /// <summary>Runs a query under the state lock over the instances of all regions.</summary>
    public T Read<T>(Func<IReadOnlyList<SandboxInstance>, T> query)
    {
        lock (_gate) return query(_instances);
    }

    /// <summary>Throws away every change and reseeds the fleet.</summary>
    public void Reset()
    {
        var fleet = _seed();
        lock (_gate)
        {
            AccountId = fleet.AccountId;
            ClockStart = fleet.ClockStart;
            _instances = fleet.Instances.ToList();
            _byId = _instances.GroupBy(i => i.InstanceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            _runCommands = new RunCommandSimulation(id => _byId.GetValueOrDefault(id)) { RebootDuration = _rebootDuration };
            foreach (var (instanceId, patchState) in fleet.PatchStates) _runCommands.SetPatchState(instanceId, patchState);
            ResetEbs();
            ResetParameters();
            ResetWindows();
        }
    }

    private TimeSpan _rebootDuration = TimeSpan.FromSeconds(60);

    /// <summary>How long the reboot after an install takes (simulated time; default 60 s); kept across <see cref="Reset"/>.</summary>
    public TimeSpan RebootDuration
    {
        get { lock (_gate) return _rebootDuration; }
        set
        {
            if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), "A reboot cannot take negative time.");
            lock (_gate) _rebootDuration = _runCommands.RebootDuration = value;
        }
    }

    /// <summary>Run Command state (commands, invocations, per-instance faults and patch state); use inside <see cref="Update"/> or <see cref="Read{T}"/>.</summary>
    public RunCommandSimulation RunCommands => _runCommands;

    /// <summary>Makes <paramref name="instanceId"/>'s next Run Command invocations fail, time out or be undeliverable (<see cref="CommandFault.None"/> clears it).</summary>
    public void SetCommandFault(string instanceId, CommandFault fault)
    {
        lock (_gate) _runCommands.SetFault(instanceId, fault);
    }

    /// <summary>The fault <see cref="SetCommandFault"/> set for the instance (<see cref="CommandFault.None"/> when none).</summary>
    public CommandFault CommandFaultOf(string instanceId)
    {
        lock (_gate) return _runCommands.FaultOf(instanceId);
    }

    /// <summary>How <paramref name="instanceId"/> comes back from its next patch reboot (<see cref="AfterRebootFault.None"/>: normally).</summary>
    public void SetAfterRebootFault(string instanceId, AfterRebootFault fault)
    {
        lock (_gate) _runCommands.SetAfterRebootFault(instanceId, fault);
    }

    public AfterRebootFault AfterRebootFaultOf(string instanceId)
    {
        lock (_gate) return _runCommands.AfterRebootFaultOf(instanceId);
    }

    /// <summary>Makes the instance's scans and installs leave an approved patch Missing (its patch compliance NON_COMPLIANT); false clears it.</summary>
    public void SetNonCompliant(string instanceId, bool nonCompliant)
    {
        lock (_gate) _runCommands.SetNonCompliant(instanceId, nonCompliant);
    }

    public bool IsNonCompliant(string instanceId)
    {
        lock (_gate) return _runCommands.IsNonCompliant(instanceId);
    }

    /// <summary>Releases a patch now (simulated time <paramref name="at"/>); see <see cref="ReleasedPatch"/>.</summary>
    public ReleasedPatch ReleasePatch(ReleasedPatch patch, DateTime at)
    {
        lock (_gate) return _runCommands.Release(patch, at);
    }

    /// <summary>Sets a CloudWatch alarm's state (OK, ALARM, INSUFFICIENT_DATA); ALARM stops the running commands that name it.</summary>
    public void SetAlarmState(string name, string state, DateTime now)
    {
        lock (_gate) _runCommands.SetAlarmState(name, state, now);
    }

    /// <summary>What the last completed AWS-RunPatchBaseline scan or install left on the instance (the seeded state if none ran; <see cref="InstancePatchState.HasRun"/> tells).</summary>
    public InstancePatchState PatchStateOf(string instanceId)
    {
        lock (_gate) return _runCommands.PatchStateOf(instanceId);
    }

    /// <summary>The Run Command commands sent so far, oldest first, with their invocations as of the last request.</summary>
    public IReadOnlyList<SandboxCommand> Commands
    {
        get { lock (_gate) return _runCommands.Commands.ToArray(); }
    }

    /// <summary>Plays Run Command forward to <paramref name="now"/> (the server does this on every clock move).</summary>
    public void AdvanceCommands(DateTime now)
    {
        lock (_gate) _runCommands.AdvanceTo(now);
    }
}
