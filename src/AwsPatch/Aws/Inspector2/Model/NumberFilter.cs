namespace AwsPatch.Aws.Inspector2
{
    /// <summary>NumberFilter: an inclusive range; either bound may be omitted.</summary>
    internal sealed class NumberFilter
    {
        public double? LowerInclusive { get; set; }

        public double? UpperInclusive { get; set; }

        public static NumberFilter AtLeast(double lowerInclusive) => new NumberFilter { LowerInclusive = lowerInclusive };
    }
}
