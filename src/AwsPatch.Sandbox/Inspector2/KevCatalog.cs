namespace AwsPatch.Sandbox.Inspector2;

/// <summary>One CISA Known Exploited Vulnerabilities catalogue entry, as Inspector's <c>cisaData</c> carries it.</summary>
public sealed record KevEntry(DateTime DateAdded, DateTime DateDue, string Action);

/// <summary>
/// The <see cref="VulnerabilityCatalog"/> CVEs that are in CISA's Known Exploited Vulnerabilities catalogue, with the
/// catalogue's published dateAdded and dueDate (dates; midnight UTC here, as Inspector's cisaData timestamps carry
/// them) and its requiredAction, which Inspector returns as dateAdded, dateDue and action. The others are not in it.
/// Checked against CISA's catalogue (2026-12): each due date is the standard three weeks after dateAdded, and the
/// requiredAction of these entries, old ones included, now names BOD 22-01's cloud-services guidance.
/// </summary>
internal static class KevCatalog
{
    private const string Mitigate = "Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable.";

    private static readonly Dictionary<string, KevEntry> Entries = new(StringComparer.Ordinal)
    {
        ["CVE-2021-3156"] = Entry("2022-04-06", "2022-04-27"),
        ["CVE-2021-4034"] = Entry("2022-06-27", "2022-07-18"),
        ["CVE-2023-44487"] = Entry("2023-10-10", "2023-10-31"),
        ["CVE-2023-4911"] = Entry("2023-11-21", "2023-12-12"),
        ["CVE-2024-21338"] = Entry("2024-03-04", "2024-03-25"),
        ["CVE-2024-1086"] = Entry("2024-05-30", "2024-06-20"),
        ["CVE-2024-30088"] = Entry("2024-10-15", "2024-11-05"),
        ["CVE-2024-43451"] = Entry("2024-11-12", "2024-12-03"),
    };

    /// <summary>The KEV entry of <paramref name="cveId"/>; null when CISA does not list it.</summary>
    public static KevEntry? For(string? cveId) => cveId is not null && Entries.TryGetValue(cveId, out var entry) ? entry : null;

    private static KevEntry Entry(string added, string due) =>
        new(DateTime.SpecifyKind(DateTime.Parse(added, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc),
            DateTime.SpecifyKind(DateTime.Parse(due, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc), Mitigate);
}
