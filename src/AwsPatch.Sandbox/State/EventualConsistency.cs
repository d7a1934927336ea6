using System.Collections.Concurrent;

namespace AwsPatch.Sandbox;

/// <summary>
/// AWS's eventual consistency, on request (<see cref="SandboxOptions.EventualConsistency"/>, <c>--eventual-consistency</c>,
/// <c>POST /_sandbox/consistency</c>). When <see cref="Enabled"/>: a newly sent command (its invocations in
/// ListCommandInvocations, GetCommandInvocation and the command itself in ListCommands), a new snapshot (DescribeSnapshots)
/// and a new replace-root-volume task (DescribeReplaceRootVolumeTasks) are invisible to the first
/// <see cref="InvisiblePolls"/> reads that would have shown them (<see cref="DefaultInvisiblePolls"/> unless set), and
/// every paged list answers short pages: half the MaxResults asked for (at least one), with a NextToken while more remain.
/// Off, the default, every read sees every write at once and pages are full.
/// </summary>
public sealed class EventualConsistency
{
    /// <summary>How many reads miss a new resource unless <see cref="InvisiblePolls"/> says otherwise.</summary>
    public const int DefaultInvisiblePolls = 2;

    private readonly ConcurrentDictionary<string, int> _unseen = new(StringComparer.Ordinal);
    private int _invisiblePolls = DefaultInvisiblePolls;

    public bool Enabled { get; set; }

    /// <summary>How many reads miss a resource created while <see cref="Enabled"/> (0 to 100).</summary>
    public int InvisiblePolls
    {
        get => _invisiblePolls;
        set => _invisiblePolls = value is >= 0 and <= 100 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Invisible polls must be 0 to 100.");
    }

    /// <summary>A resource was created: reads miss it for <see cref="InvisiblePolls"/> reads (when enabled).</summary>
    internal void Created(string id)
    {
        if (Enabled && InvisiblePolls > 0) _unseen[id] = InvisiblePolls;
    }

    /// <summary>Whether this read misses <paramref name="id"/>. Each call is one read: call it once per request and resource.</summary>
    internal bool Hides(string id)
    {
        while (_unseen.TryGetValue(id, out var left))
        {
            if (left <= 1 ? _unseen.TryRemove(new KeyValuePair<string, int>(id, left)) : _unseen.TryUpdate(id, left - 1, left))
                return true;
        }

        return false;
    }

    /// <summary>The items of <paramref name="items"/> this read sees (each of them counts one read).</summary>
    internal List<T> Visible<T>(IEnumerable<T> items, Func<T, string> id) => items.Where(i => !Hides(id(i))).ToList();

    /// <summary>The page size a list answers for <paramref name="maxResults"/>: half of it (at least one) when enabled.</summary>
    internal int PageSize(int maxResults) => Enabled ? Math.Max(1, maxResults / 2) : maxResults;

    /// <summary>Forgets what is still unseen (a sandbox reset); the mode and the count stay.</summary>
    internal void Clear() => _unseen.Clear();
}
