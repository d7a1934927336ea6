using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Amazon.Runtime;

namespace AwsPatch.Aws
{
    /// <summary>
    /// AWS's time as one session sees it: the machine's clock plus the offset the last response's HTTP <c>Date</c>
    /// header showed. Ages and staleness are measured against it, so a machine (or an endpoint) whose clock is off
    /// neither calls fresh results old nor old snapshots new. Until a response arrived it reads the machine's clock.
    /// Every SDK client of the session reports its responses here (<see cref="Watch"/>).
    /// </summary>
    public sealed class ServiceClock
    {
        private readonly Func<DateTime> _localUtcNow;
        private long _offsetTicks;

        /// <param name="localUtcNow">The machine's clock; <see cref="DateTime.UtcNow"/> by default.</param>
        public ServiceClock(Func<DateTime>? localUtcNow = null)
        {
            _localUtcNow = localUtcNow ?? (() => DateTime.UtcNow);
        }

        /// <summary>The service's time now.</summary>
        public DateTime UtcNow => _localUtcNow() + Offset;

        /// <summary>How far the service's clock is ahead of the machine's (negative: behind).</summary>
        public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

        /// <summary>A response said the service's time is <paramref name="serviceUtc"/> (now, on the machine's clock).</summary>
        public void Observe(DateTime serviceUtc) =>
            Interlocked.Exchange(ref _offsetTicks, (serviceUtc.ToUniversalTime() - _localUtcNow()).Ticks);

        /// <summary>Reads the <c>Date</c> header of every response <paramref name="client"/> receives.</summary>
        internal void Watch(object client)
        {
            if (client is AmazonServiceClient sdk)
                sdk.AfterResponseEvent += OnResponse;
        }

        private void OnResponse(object sender, ResponseEventArgs e)
        {
            if (e is WebServiceResponseEventArgs response && TryReadDate(response.ResponseHeaders, out var date))
                Observe(date);
        }

        /// <summary>The RFC 1123 <c>Date</c> header (any case), as UTC.</summary>
        internal static bool TryReadDate(IDictionary<string, string>? headers, out DateTime date)
        {
            date = default;
            if (headers == null)
                return false;
            foreach (var header in headers)
            {
                if (string.Equals(header.Key, "Date", StringComparison.OrdinalIgnoreCase))
                {
                    return DateTime.TryParseExact(header.Value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date);
                }
            }
            return false;
        }
    }
}
