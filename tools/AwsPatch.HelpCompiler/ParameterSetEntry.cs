namespace AwsPatch.HelpCompiler;

/// <summary>How a parameter takes part in one parameter set (one item of PlatyPS's <c>ParameterSets:</c> list).</summary>
public sealed record ParameterSetEntry(string Name, string Position, bool IsRequired, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName)
{
    /// <summary>The set name PlatyPS writes for a parameter that belongs to every set.</summary>
    public const string AllSets = "(All)";

    public bool IsPositional => !Position.Equals("Named", StringComparison.OrdinalIgnoreCase);
}
