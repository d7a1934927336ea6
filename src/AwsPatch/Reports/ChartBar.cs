using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Reports
{
    /// <summary>One bar of a chart: a label and one or more stacked segments.</summary>
    internal sealed class ChartBar
    {
        public ChartBar(string label, IReadOnlyList<ChartSegment> segments)
        {
            Label = label;
            Segments = segments;
        }

        public string Label { get; }

        public IReadOnlyList<ChartSegment> Segments { get; }

        public int Total => Segments.Sum(s => s.Value);
    }

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
