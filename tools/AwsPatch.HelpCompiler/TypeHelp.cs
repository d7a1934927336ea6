namespace AwsPatch.HelpCompiler;

/// <summary>A <c>### TypeName</c> subsection of INPUTS or OUTPUTS.</summary>
public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
