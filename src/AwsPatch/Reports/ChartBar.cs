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
}
