namespace AwsPatch.Sandbox.Protocol;

/// <summary>One EC2 <c>Filter.N</c>: a name and its values (OR within a filter, AND across filters).</summary>
internal sealed record Ec2Filter(string Name, IReadOnlyList<string> Values);
