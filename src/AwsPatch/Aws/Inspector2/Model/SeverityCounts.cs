namespace AwsPatch.Aws.Inspector2
{
    /// <summary>SeverityCounts: the model counts all, medium, high and critical (no low).</summary>
    public sealed class SeverityCounts
    {
        public long? All { get; set; }

        public long? Medium { get; set; }

        public long? High { get; set; }

        public long? Critical { get; set; }
    }
}
