using System.Reflection;
using System.Text.Json;

namespace AwsPatch.Sandbox;

/// <summary>Reads a fleet JSON document (the embedded <c>Data/fleet.json</c> or a file).</summary>
public static class FleetLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>The default fleet shipped in the sandbox assembly.</summary>
    public static SandboxFleet LoadDefault()
    {
        var assembly = typeof(FleetLoader).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("Data.fleet.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded fleet '{name}' is missing.");
        return Parse(stream);
    }

    public static SandboxFleet Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream);
    }

    public static SandboxFleet Parse(Stream json)
    {
        var document = JsonSerializer.Deserialize<FleetDocument>(json, Options)
            ?? throw new InvalidDataException("The fleet document is empty.");
        foreach (var instance in document.Instances)
        {
            // Dictionaries deserialize with the default comparer; tags are case-sensitive in EC2.
            instance.Tags = new Dictionary<string, string>(instance.Tags, StringComparer.Ordinal);
            if (instance.IsWindows) instance.Platform = "windows";
        }

        return new SandboxFleet
        {
            AccountId = document.AccountId ?? SandboxFleet.DefaultAccountId,
            ClockStart = document.ClockStart?.ToUniversalTime() ?? SandboxClock.DefaultStart,
            Instances = document.Instances,
        };
    }

    private sealed class FleetDocument
    {
        public string? AccountId { get; set; }
        public DateTime? ClockStart { get; set; }
        public List<SandboxInstance> Instances { get; set; } = [];
    }
}
