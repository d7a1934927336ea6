using System.Collections.Concurrent;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Compliance;

/// <summary>A hand-written <see cref="IPatchStateGateway"/>: returns the states and patches it holds, with the API's limits, and records calls.</summary>
internal sealed class FakePatchStates : IPatchStateGateway
{
    private int _inFlight;
    private int _patchReadsInFlight;

    public Dictionary<string, PatchCompliance> States { get; } = new();
    public Dictionary<string, List<PatchMissing>> Patches { get; } = new();
    public ConcurrentQueue<IReadOnlyList<string>> StateCalls { get; } = new();
    public ConcurrentQueue<string> GroupCalls { get; } = new();
    public ConcurrentQueue<string> PatchCalls { get; } = new();
    public int PageSize { get; set; } = 1000;
    public int MaxInFlight { get; private set; }

    /// <summary>The most DescribeInstancePatches calls that were in flight at once (with <see cref="Yield"/>, each call lasts a few ms).</summary>
    public int MaxPatchReadsInFlight { get; private set; }

    /// <summary>When set, DescribeInstancePatchStates calls that include this id fail with it.</summary>
    public (string InstanceId, AwsCallException Error)? FailFor { get; set; }

    /// <summary>Makes each call wait for a turn of the thread pool, so concurrent calls overlap.</summary>
    public bool Yield { get; set; }

    /// <summary>When set, each DescribeInstancePatchStates call is held by it until the test releases the call.</summary>
    public HeldCalls<IReadOnlyList<string>>? HeldStateCalls { get; set; }

    public Task<Page<PatchCompliance>> DescribeInstancePatchStatesAsync(IReadOnlyList<string> instanceIds, int maxResults, string? nextToken, CancellationToken cancellationToken) =>
        HeldStateCalls is { } held
            ? held.Hold(instanceIds, () => StatesAsync(instanceIds, maxResults, nextToken), cancellationToken)
            : StatesAsync(instanceIds, maxResults, nextToken);

    private async Task<Page<PatchCompliance>> StatesAsync(IReadOnlyList<string> instanceIds, int maxResults, string? nextToken)
    {
        StateCalls.Enqueue(instanceIds);
        Assert.InRange(instanceIds.Count, 1, 50);
        Assert.InRange(maxResults, 10, 100);
        await TrackAsync();
        if (FailFor is { } fail && instanceIds.Contains(fail.InstanceId))
            throw fail.Error;
        var found = instanceIds.Where(States.ContainsKey).Select(id => States[id]).ToList();
        return Slice(found, maxResults, nextToken);
    }

    public Task<Page<PatchCompliance>> DescribeInstancePatchStatesForPatchGroupAsync(string patchGroup, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        GroupCalls.Enqueue(patchGroup);
        Assert.InRange(maxResults, 10, 100);
        return Task.FromResult(Slice(States.Values.Where(s => s.PatchGroup == patchGroup).OrderBy(s => s.InstanceId).ToList(), maxResults, nextToken));
    }

    public async Task<Page<PatchMissing>> DescribeInstancePatchesAsync(string instanceId, IReadOnlyList<string> states, IReadOnlyList<string> severities, int maxResults, string? nextToken, CancellationToken cancellationToken)
    {
        PatchCalls.Enqueue(instanceId);
        Assert.InRange(maxResults, 10, 100);
        var now = Interlocked.Increment(ref _patchReadsInFlight);
        lock (PatchCalls) MaxPatchReadsInFlight = Math.Max(MaxPatchReadsInFlight, now);
        try
        {
            if (Yield) await Task.Delay(5, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _patchReadsInFlight);
        }
        if (!Patches.TryGetValue(instanceId, out var patches))
            throw new AwsCallException("ssm:DescribeInstancePatches", AwsErrorKind.NotFound, "InvalidInstanceId", "Instance Id is not valid.");
        var matching = patches.Where(p => (states.Count == 0 || states.Contains(p.State!)) && (severities.Count == 0 || severities.Contains(p.Severity!))).ToList();
        return Slice(matching, maxResults, nextToken);
    }

    public Dictionary<string, PatchBaselineRecord> Baselines { get; } = new();
    public ConcurrentQueue<string> BaselineCalls { get; } = new();

    public Task<PatchBaselineRecord> GetPatchBaselineAsync(string baselineId, CancellationToken cancellationToken)
    {
        BaselineCalls.Enqueue(baselineId);
        return Baselines.TryGetValue(baselineId, out var baseline)
            ? Task.FromResult(baseline)
            : throw new AwsCallException("ssm:GetPatchBaseline", AwsErrorKind.NotFound, "DoesNotExistException", $"Patch Baseline {baselineId} does not exist.");
    }

    private Page<T> Slice<T>(List<T> items, int maxResults, string? nextToken)
    {
        var start = nextToken == null ? 0 : int.Parse(nextToken);
        var size = Math.Min(maxResults, PageSize);
        return new Page<T>(items.Skip(start).Take(size).ToList(), start + size < items.Count ? (start + size).ToString() : null);
    }

    private async Task TrackAsync()
    {
        var now = Interlocked.Increment(ref _inFlight);
        lock (StateCalls) MaxInFlight = Math.Max(MaxInFlight, now);
        if (Yield) await Task.Delay(5);
        Interlocked.Decrement(ref _inFlight);
    }
}
