using AwsPatch.Bench;

// dotnet run -c Release --project tests/AwsPatch.Bench -- [instances] [--instances N] [--latency-ms N]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}

var latency = Option("--latency-ms", 20);
if (scenario is "instances" or "all")
{
    foreach (var n in new[] { Option("--instances", 10_000) })
        await InstancesBench.RunAsync(n, latency);
}
