using System;
using System.Management.Automation;
using AwsPatch.Runs;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The wait parameters, declared once with one default for every cmdlet that waits (Invoke-PatchRun, Wait-PatchRun,
    /// New-PatchSnapshot, Restore-PatchSnapshot): <c>-TimeoutMinutes</c> (how long the wait may last) and
    /// <c>-PollIntervalSeconds</c> (the time between two polls). What happens while waiting, failed polls included,
    /// is the services' one wait policy.
    /// </summary>
    public abstract class WaitingAwsCmdlet : AsyncAwsCmdlet
    {
        /// <summary>Minutes to wait before returning what is not finished with its state so far.</summary>
        [Parameter]
        [ValidateRange(1, 10080)]
        public int TimeoutMinutes { get; set; } = 60;

        /// <summary>The default of <see cref="PollIntervalSeconds"/>.</summary>
        public const double DefaultPollIntervalSeconds = 5;

        /// <summary>Seconds between two polls.</summary>
        [Parameter]
        [ValidateRange(0.1, 3600.0)]
        public double PollIntervalSeconds { get; set; } = DefaultPollIntervalSeconds;

        /// <summary>The bound wait parameters as the services take them.</summary>
        internal RunWaitOptions WaitOptions => new RunWaitOptions { Timeout = TimeSpan.FromMinutes(TimeoutMinutes), PollInterval = TimeSpan.FromSeconds(PollIntervalSeconds) };
    }
}
