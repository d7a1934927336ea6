namespace AwsPatch.Tests.Unit;

/// <summary>
/// Holds a fake gateway's calls until the test releases them (or the caller cancels), so a test sees which calls are
/// out at once without any timer: each call is recorded when made and answered only after its release.
/// </summary>
internal sealed class HeldCalls<TCall>
{
    private readonly object _gate = new();
    private readonly List<TCall> _calls = [];
    private readonly List<TaskCompletionSource> _releases = [];
    private readonly List<Task> _answers = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private bool _holding = true;

    /// <summary>The calls made, in order.</summary>
    public IReadOnlyList<TCall> Calls
    {
        get { lock (_gate) return _calls.ToList(); }
    }

    /// <summary>Each call's answer as its caller awaits it, in call order.</summary>
    public IReadOnlyList<Task> Answers
    {
        get { lock (_gate) return _answers.ToList(); }
    }

    /// <summary>Completes once <paramref name="count"/> calls have been made.</summary>
    public Task Issued(int count)
    {
        lock (_gate)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_calls.Count >= count) reached.SetResult();
            else _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    /// <summary>Lets call <paramref name="index"/> (0-based, in the order made) be answered.</summary>
    public void Release(int index)
    {
        lock (_gate) _releases[index].TrySetResult();
    }

    /// <summary>Lets every held call be answered, and answers later ones at once.</summary>
    public void ReleaseAll()
    {
        lock (_gate)
        {
            _holding = false;
            foreach (var release in _releases) release.TrySetResult();
        }
    }

    /// <summary>Records <paramref name="call"/> and runs <paramref name="answer"/> once it is released; cancelled with <paramref name="cancellationToken"/> while held.</summary>
    public Task<T> Hold<T>(TCall call, Func<Task<T>> answer, CancellationToken cancellationToken)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _calls.Add(call);
            if (!_holding) release.SetResult();
            _releases.Add(release);
            var answered = AnswerAsync(release.Task, answer, cancellationToken);
            _answers.Add(answered);
            foreach (var waiter in _waiters.Where(w => _calls.Count >= w.Count)) waiter.Reached.TrySetResult();
            return answered;
        }
    }

    /// <summary>The same for a call with no result.</summary>
    public Task Hold(TCall call, Func<Task> answer, CancellationToken cancellationToken) =>
        Hold(call, async () => { await answer(); return true; }, cancellationToken);

    private static async Task<T> AnswerAsync<T>(Task release, Func<Task<T>> answer, CancellationToken cancellationToken)
    {
        await release.WaitAsync(cancellationToken);
        return await answer();
    }
}
