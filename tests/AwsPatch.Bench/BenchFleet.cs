using AwsPatch.Sandbox;

namespace AwsPatch.Bench;

/// <summary>
/// Picks benchmark instances from the fleet a sandbox started with <c>--instances N --regions us-east-1</c> serves:
/// the generator is deterministic, so generating the same fleet here gives the same instance ids.
/// </summary>
internal static class BenchFleet
{
    /// <summary>
    /// How many instances to generate so that <paramref name="wanted"/> of them are running (and, with
    /// <paramref name="managedOnline"/>, SSM-managed with the agent Online), and those instances.
    /// </summary>
    public static (int Generated, IReadOnlyList<SandboxInstance> Instances) Running(int wanted, bool managedOnline)
    {
        for (var generated = wanted + wanted / 10; ; generated += Math.Max(10, wanted / 10))
        {
            var fit = FleetGenerator.Generate(generated, regions: ["us-east-1"]).Instances
                .Where(i => i.State == "running" && (!managedOnline || i.Ssm is { PingStatus: "Online" }))
                .Take(wanted).ToList();
            if (fit.Count == wanted)
                return (generated, fit);
        }
    }
}
