namespace AwsPatch.Aws.Inspector2
{
    /// <summary>StringFilter: <c>{ "comparison": "EQUALS"|"PREFIX"|"NOT_EQUALS", "value": "..." }</c>.</summary>
    internal sealed class StringFilter
    {
        /// <summary>StringComparison EQUALS.</summary>
        public const string EqualsComparison = "EQUALS";

        /// <summary>StringComparison PREFIX.</summary>
        public const string PrefixComparison = "PREFIX";

        /// <summary>StringComparison NOT_EQUALS.</summary>
        public const string NotEqualsComparison = "NOT_EQUALS";

        public string Comparison { get; set; } = EqualsComparison;

        public string Value { get; set; } = string.Empty;

        public static StringFilter EqualTo(string value) => new StringFilter { Comparison = EqualsComparison, Value = value };

        public static StringFilter Prefix(string value) => new StringFilter { Comparison = PrefixComparison, Value = value };

        public static StringFilter NotEqualTo(string value) => new StringFilter { Comparison = NotEqualsComparison, Value = value };

        public override string ToString() => $"{Comparison} {Value}";
    }
}
