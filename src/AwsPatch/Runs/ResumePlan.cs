using System;
using System.Collections.Generic;

namespace AwsPatch.Runs
{
    /// <summary>What resuming a run means: which instances still need the command, and with which document parameters.</summary>
    public sealed class ResumePlan
    {
        public string RunId { get; init; } = string.Empty;

        /// <summary>The run's commands, oldest first; empty when Systems Manager knows no command of the run.</summary>
        public IReadOnlyList<SentCommand> Commands { get; init; } = Array.Empty<SentCommand>();

        /// <summary>The latest command's document parameters (Operation, RebootOption …).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

        /// <summary>
        /// What resume sends to: instances of the run never sent the command (in its record, or given, with no
        /// invocation) and those whose latest invocation finished without Success (Failed, TimedOut, Undeliverable, Cancelled).
        /// </summary>
        public IReadOnlyList<string> Resend { get; init; } = Array.Empty<string>();

        /// <summary>Of <see cref="Resend"/>, the instances never sent the command.</summary>
        public int NeverSent { get; init; }

        /// <summary>Instances whose latest invocation is still in flight (Pending, InProgress, Delayed, Cancelling): never sent again.</summary>
        public IReadOnlyList<PatchRunResult> InFlight { get; init; } = Array.Empty<PatchRunResult>();

        /// <summary>The run's record in Parameter Store; null for a run that predates records (the plan then comes from its commands).</summary>
        public RunRecord? Record { get; init; }

        /// <summary>Of <see cref="Resend"/>, those a -SnapshotFirst command of this run already covered (their snapshot set completed).</summary>
        public IReadOnlyCollection<string> Snapshotted { get; init; } = Array.Empty<string>();

        /// <summary>Instances of the run whose latest invocation reached Success.</summary>
        public IReadOnlyList<string> SucceededIds { get; init; } = Array.Empty<string>();

        public int Succeeded => SucceededIds.Count;

        public string? Operation => Parameters.TryGetValue("Operation", out var v) && v.Count > 0 ? v[0] : null;

        public string? Parameter(string name) => Parameters.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
    }
}
