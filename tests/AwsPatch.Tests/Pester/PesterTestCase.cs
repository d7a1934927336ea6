namespace AwsPatch.Tests.Pester;

/// <summary>One Pester test: its full name (Describe.Context.It), the NUnit outcome, and Pester's message.</summary>
internal sealed record PesterTestCase(string Name, string Outcome, string Message);
