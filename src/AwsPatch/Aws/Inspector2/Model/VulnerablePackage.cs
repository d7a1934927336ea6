namespace AwsPatch.Aws.Inspector2
{
    /// <summary>VulnerablePackage: the installed package and, when known, the version that fixes it.</summary>
    internal sealed class VulnerablePackage
    {
        public string Name { get; set; } = string.Empty;

        public string Version { get; set; } = string.Empty;

        public int? Epoch { get; set; }

        public string? Release { get; set; }

        public string? Arch { get; set; }

        /// <summary>PackageManager: OS, PIP, NPM, NUGET, JAR …</summary>
        public string? PackageManager { get; set; }

        public string? FilePath { get; set; }

        public string? FixedInVersion { get; set; }

        public string? Remediation { get; set; }
    }
}
