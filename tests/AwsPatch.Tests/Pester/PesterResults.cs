using System.Xml.Linq;

namespace AwsPatch.Tests.Pester;

/// <summary>
/// A Pester run read back from its NUnit 2.5 result file: every test case with its outcome and, for a failure, the
/// message Pester wrote. The same file's root attributes give .ci/run its Pester counts.
/// </summary>
internal sealed class PesterResults
{
    private PesterResults(List<PesterTestCase> cases) => Cases = cases;

    public IReadOnlyList<PesterTestCase> Cases { get; }

    public IEnumerable<PesterTestCase> Passed => Cases.Where(c => c.Outcome == "Success");

    public IEnumerable<PesterTestCase> Failed => Cases.Where(c => c.Outcome is "Failure" or "Error");

    /// <summary>Everything that neither passed nor failed: skipped, inconclusive, not run.</summary>
    public IEnumerable<PesterTestCase> NotPassedOrFailed => Cases.Except(Passed).Except(Failed);

    public static PesterResults Load(string path)
    {
        var doc = XDocument.Load(path);
        var cases = doc.Descendants("test-case")
            .Select(c => new PesterTestCase(
                (string?)c.Attribute("name") ?? "(unnamed)",
                (string?)c.Attribute("executed") == "True" ? (string?)c.Attribute("result") ?? "Unknown" : "NotRun",
                c.Element("failure")?.Element("message")?.Value.Trim() ?? c.Element("reason")?.Element("message")?.Value.Trim() ?? string.Empty))
            .ToList();
        return new PesterResults(cases);
    }
}
