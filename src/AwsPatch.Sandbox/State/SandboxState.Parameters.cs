namespace AwsPatch.Sandbox;

/// <summary>Systems Manager Parameter Store: parameters per region, keyed by name.</summary>
public sealed partial class SandboxState
{
    private readonly Dictionary<(string Region, string Name), SandboxParameter> _parameters = new();

    /// <summary>Every parameter in every region, in name order.</summary>
    public IReadOnlyList<SandboxParameter> Parameters
    {
        get { lock (_gate) return _parameters.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>The parameter, or null; call inside <see cref="Update"/> or <see cref="Read{T}"/>, or from a handler.</summary>
    public SandboxParameter? FindParameter(string region, string name)
    {
        lock (_gate) return _parameters.GetValueOrDefault((region, name));
    }

    /// <summary>Adds or replaces a parameter (the handler decides whether that is allowed).</summary>
    public void PutParameter(SandboxParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        lock (_gate) _parameters[(parameter.Region, parameter.Name)] = parameter;
    }

    public bool DeleteParameter(string region, string name)
    {
        lock (_gate) return _parameters.Remove((region, name));
    }

    /// <summary>The parameters of a region whose names start with <paramref name="prefix"/>, in name order.</summary>
    public IReadOnlyList<SandboxParameter> ParametersUnder(string region, string prefix)
    {
        lock (_gate)
            return _parameters.Values.Where(p => p.Region == region && p.Name.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
    }

    private void ResetParameters() => _parameters.Clear();
}
