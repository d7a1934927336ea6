namespace AwsPatch.Aws.Inspector2
{
    /// <summary>MapFilter (tags): <c>{ "comparison": "EQUALS", "key": "...", "value": "..." }</c>.</summary>
    internal sealed class MapFilter
    {
        /// <summary>MapComparison EQUALS, the only value the model allows.</summary>
        public const string EqualsComparison = "EQUALS";

        public string Comparison { get; set; } = EqualsComparison;

        public string Key { get; set; } = string.Empty;

        public string? Value { get; set; }
    }
}
