using System;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Common
{
    /// <summary>
    /// The clock every wait runs on (runs, snapshots, restores): the machine's time, for deadlines, and the delay between
    /// polls. Injected into the services, so tests drive it and never sleep.
    /// </summary>
    public interface IWaitClock
    {
        DateTime UtcNow { get; }

        Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);
    }
}
