using System;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The CISA Known Exploited Vulnerabilities entry of one finding (BatchGetFindingDetails' <c>cisaData</c>): when
    /// CISA added the vulnerability, when it expects the fix applied, and the action it requires.
    /// </summary>
    public sealed class KevRecord
    {
        public string FindingArn { get; init; } = string.Empty;
        public DateTime? DateAdded { get; init; }
        public DateTime? DateDue { get; init; }
        public string? Action { get; init; }
    }
}
