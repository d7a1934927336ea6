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

        /// <summary>Instances whose latest invocation did not reach Success, plus given instances the run never reached.</summary>
        public IReadOnlyList<string> Resend { get; init; } = Array.Empty<string>();

        /// <summary>Of <see cref="Resend"/>, those a -SnapshotFirst command of this run already covered (their snapshot set completed).</summary>
        public IReadOnlyCollection<string> Snapshotted { get; init; } = Array.Empty<string>();

        /// <summary>Instances of the run that reached Success.</summary>
        public int Succeeded { get; init; }

        public string? Operation => Parameters.TryGetValue("Operation", out var v) && v.Count > 0 ? v[0] : null;

        public string? Parameter(string name) => Parameters.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
    }
}
