using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;

namespace AwsPatch.Tests.Conformance;

/// <summary>
/// The official AWS service models (botocore's <c>service-2.json</c>), pinned to the API versions the module speaks.
/// Found in <c>AWSPATCH_BOTOCORE_DATA</c>, Debian's python3-botocore (what CI installs), or the botocore that
/// <c>python3</c> imports. Missing models skip the test locally and fail it under CI=true.
/// </summary>
internal static class ServiceModels
{
    /// <summary>Service directory name → pinned API version directory.</summary>
    public static readonly IReadOnlyDictionary<string, string> Pinned = new Dictionary<string, string>
    {
        ["ec2"] = "2016-11-15",
        ["ssm"] = "2014-11-06",
        ["inspector2"] = "2020-06-08",
        ["sts"] = "2011-06-15",
    };

    private static readonly Lazy<string?> DataDirectory = new(FindDataDirectory);
    private static readonly Dictionary<string, ServiceModel> Loaded = [];

    /// <summary>The pinned model of <paramref name="service"/>; skips (or, in CI, fails) when botocore is not installed.</summary>
    public static ServiceModel Require(string service)
    {
        var directory = DataDirectory.Value;
        var path = directory is null ? null : ModelFile(directory, service);
        if (path is null)
        {
            var reason = $"The botocore model {service}/{Pinned[service]}/service-2.json was not found (looked in AWSPATCH_BOTOCORE_DATA, " +
                "/usr/lib/python3/dist-packages/botocore/data and python3's botocore); install it with 'apt-get install -y python3-botocore'.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail("CI=true but " + reason);
            Skip.If(true, reason);
        }

        lock (Loaded)
        {
            if (!Loaded.TryGetValue(service, out var model))
            {
                using var stream = OpenModel(path!);
                model = new ServiceModel(service, path!, JsonDocument.Parse(stream).RootElement.Clone());
                Loaded[service] = model;
            }
            return model;
        }
    }

    private static Stream OpenModel(string path) =>
        path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(File.OpenRead(path), CompressionMode.Decompress) : File.OpenRead(path);

    private static string? ModelFile(string dataDirectory, string service)
    {
        var folder = Path.Combine(dataDirectory, service, Pinned[service]);
        return new[] { "service-2.json", "service-2.json.gz" }.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists);
    }

    private static string? FindDataDirectory()
    {
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("AWSPATCH_BOTOCORE_DATA"),
            "/usr/lib/python3/dist-packages/botocore/data",
        };
        candidates.Add(PythonBotocoreData());
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && ModelFile(c, "ssm") is not null);
    }

    private static string? PythonBotocoreData()
    {
        try
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-c", "import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),'data'))" })
                start.ArgumentList.Add(argument);
            using var process = Process.Start(start);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            return process.WaitForExit(30_000) && process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
