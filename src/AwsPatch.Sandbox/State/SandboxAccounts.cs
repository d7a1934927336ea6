using System.Collections.Concurrent;

namespace AwsPatch.Sandbox;

/// <summary>
/// The AWS accounts the sandbox holds, each with its own fleet state, and the IAM roles STS AssumeRole can enter them
/// through. The default sandbox has two: <see cref="SandboxFleet.DefaultAccountId"/> (the seeded fleet) and
/// <see cref="SecondAccountId"/> (a smaller generated fleet), each with a role <see cref="DefaultRoleName"/> whose trust
/// policy allows every account of the sandbox and asks no external id. Any other role is AccessDenied.
/// </summary>
public sealed class SandboxAccounts
{
    public const string SecondAccountId = "210987654321";
    public const string DefaultRoleName = "AwsPatch";

    /// <summary>
    /// The ids of <paramref name="count"/> generated accounts (<c>--accounts N</c>): <see cref="SecondAccountId"/> first,
    /// so the default sandbox's second account keeps its id, then 300000000002, 300000000003 and so on.
    /// </summary>
    public static IReadOnlyList<string> GeneratedIds(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Enumerable.Range(1, count)
            .Select(n => n == 1 ? SecondAccountId : (300_000_000_000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    private readonly Dictionary<string, SandboxState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SandboxRole> _roles = new(StringComparer.Ordinal);

    /// <param name="primary">The default account's state (its fleet's account id names it).</param>
    /// <param name="others">Further accounts' states, each named by its fleet's account id.</param>
    public SandboxAccounts(SandboxState primary, IEnumerable<SandboxState> others)
    {
        ArgumentNullException.ThrowIfNull(primary);
        Primary = primary;
        foreach (var state in others.Prepend(primary))
        {
            if (!_states.TryAdd(state.AccountId, state))
                throw new ArgumentException($"Account '{state.AccountId}' is in the sandbox twice.", nameof(others));
        }
        ResetRoles();
    }

    /// <summary>The default account, the one long-term keys (and the control API) act in.</summary>
    public SandboxState Primary { get; }

    /// <summary>Every account id, the default one first.</summary>
    public IReadOnlyList<string> Ids => _states.Keys.OrderBy(id => id == Primary.AccountId ? 0 : 1).ThenBy(id => id, StringComparer.Ordinal).ToArray();

    /// <summary>Every account's state, the default one first.</summary>
    public IEnumerable<SandboxState> States => Ids.Select(id => _states[id]);

    /// <summary>The state of <paramref name="accountId"/>; throws for an account the sandbox does not hold.</summary>
    public SandboxState this[string accountId] => _states.TryGetValue(accountId, out var state)
        ? state
        : throw new KeyNotFoundException($"The sandbox holds no account '{accountId}'.");

    public bool Contains(string accountId) => _states.ContainsKey(accountId);

    /// <summary>Adds (or replaces) a role; it lives until <see cref="Reset"/>.</summary>
    public SandboxRole AddRole(SandboxRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (!Contains(role.AccountId)) throw new ArgumentException($"The sandbox holds no account '{role.AccountId}'.", nameof(role));
        _roles[role.Arn] = role;
        return role;
    }

    public bool RemoveRole(string roleArn) => _roles.TryRemove(roleArn, out _);

    public SandboxRole? FindRole(string roleArn) => _roles.GetValueOrDefault(roleArn);

    /// <summary>Reseeds every account's fleet and restores the default roles.</summary>
    public void Reset()
    {
        foreach (var state in States) state.Reset();
        ResetRoles();
    }

    private void ResetRoles()
    {
        _roles.Clear();
        var everyAccount = _states.Keys.ToArray();
        foreach (var id in _states.Keys) AddRole(new SandboxRole(id, DefaultRoleName) { TrustedAccounts = everyAccount });
    }
}
