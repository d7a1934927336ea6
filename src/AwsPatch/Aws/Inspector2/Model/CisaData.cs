using System;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>CisaData: the CISA Known Exploited Vulnerabilities entry, when there is one.</summary>
    internal sealed class CisaData
    {
        public DateTime? DateAdded { get; set; }

        public DateTime? DateDue { get; set; }

        public string? Action { get; set; }
    }
}
