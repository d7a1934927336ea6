using System;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Common
{
    /// <summary>The real <see cref="IWaitClock"/>: <see cref="DateTime.UtcNow"/> and <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</summary>
    public sealed class SystemWaitClock : IWaitClock
    {
        private SystemWaitClock()
        {
        }

        public static SystemWaitClock Instance { get; } = new SystemWaitClock();

        public DateTime UtcNow => DateTime.UtcNow;

        public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
            delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, cancellationToken);
    }
}
