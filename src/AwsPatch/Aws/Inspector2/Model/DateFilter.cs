using System;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>DateFilter: an inclusive time range, sent as epoch seconds; either bound may be omitted.</summary>
    internal sealed class DateFilter
    {
        public DateTime? StartInclusive { get; set; }

        public DateTime? EndInclusive { get; set; }
    }
}
