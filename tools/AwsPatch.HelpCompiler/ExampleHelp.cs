namespace AwsPatch.HelpCompiler;

/// <summary>A <c>### Example</c> subsection: its heading, its PowerShell code, and the rest as remarks.</summary>
public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);
