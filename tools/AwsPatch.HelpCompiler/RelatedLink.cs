namespace AwsPatch.HelpCompiler;

/// <summary>A RELATED LINKS entry; <see cref="Uri"/> is empty for a link to another help topic.</summary>
public sealed record RelatedLink(string Text, string Uri);
