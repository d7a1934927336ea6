namespace AwsPatch.Reports
{
    /// <summary>One part of a bar: the series it belongs to, its count and its fill colour.</summary>
    internal sealed class ChartSegment
    {
        public ChartSegment(string series, int value, string color)
        {
            Series = series;
            Value = value;
            Color = color;
        }

        public string Series { get; }

        public int Value { get; }

        public string Color { get; }
    }
}
