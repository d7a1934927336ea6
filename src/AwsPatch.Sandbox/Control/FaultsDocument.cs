namespace AwsPatch.Sandbox.Control;

/// <summary>The body of GET/POST <c>/_sandbox/faults</c>: a default plus per-operation faults.</summary>
internal sealed class FaultsDocument
{
    public FaultValues? Default { get; set; }
    public Dictionary<string, FaultValues> Operations { get; set; } = new(StringComparer.Ordinal);

    public static FaultsDocument From(FaultSettings faults) => new()
    {
        Default = FaultValues.From(faults.Default),
        Operations = faults.Operations.ToDictionary(p => p.Key, p => FaultValues.From(p.Value), StringComparer.Ordinal),
    };

    /// <summary>Replaces every fault with this document's (POST is a full replace, not a merge).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; nothing was changed.</exception>
    public void ApplyTo(FaultSettings faults)
    {
        // Validate everything before touching the live settings, so a bad document changes nothing.
        Default?.ApplyTo(new OperationFaults());
        foreach (var values in Operations.Values) values.ApplyTo(new OperationFaults());

        faults.Clear();
        Default?.ApplyTo(faults.Default);
        foreach (var (operation, values) in Operations) values.ApplyTo(faults.For(operation));
    }
}
