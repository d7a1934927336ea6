using System;

namespace AwsPatch.Runs
{
    /// <summary>How long and how often to poll a run.</summary>
    public sealed class RunWaitOptions
    {
        public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(60);

        public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(10);
    }
}
