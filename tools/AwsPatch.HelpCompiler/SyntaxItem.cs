namespace AwsPatch.HelpCompiler;

/// <summary>One parameter set's syntax line: the set's name and its parameters in the documented order.</summary>
public sealed record SyntaxItem(string SetName, IReadOnlyList<string> ParameterNames);
