using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Ec2Metadata of a covered instance.</summary>
    internal sealed class Ec2Metadata
    {
        public Dictionary<string, string>? Tags { get; set; }

        public string? AmiId { get; set; }

        /// <summary>WINDOWS, LINUX, UNKNOWN, MACOS.</summary>
        public string? Platform { get; set; }
    }
}
