namespace AwsPatch.Aws.Inspector2
{
    /// <summary>PackageFilter: matches a finding's vulnerable packages; set only the parts to match.</summary>
    internal sealed class PackageFilter
    {
        public StringFilter? Name { get; set; }

        public StringFilter? Version { get; set; }

        public NumberFilter? Epoch { get; set; }

        public StringFilter? Release { get; set; }

        public StringFilter? Architecture { get; set; }
    }
}
