namespace AwsPatch.HelpCompiler;

/// <summary>A <c>### -Name</c> subsection: the prose and the metadata block.</summary>
public sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, ParameterMetadata Metadata);
