using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Commands.Common;
using AwsPatch.Instances;
using AwsPatch.Planning;

namespace AwsPatch.Commands
{
    /// <summary>
    /// When each instance is next patched: the first enabled maintenance window with an AWS-RunPatchBaseline task that
    /// runs on it (start, cutoff, window, operation); instances no window patches come back with NextWindowStart empty
    /// and the reason. Piped instances, or every instance of the region.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "PatchSchedule")]
    [OutputType(typeof(PatchSchedule))]
    public sealed class GetPatchScheduleCommand : AsyncAwsCmdlet
    {
        private readonly Dictionary<AwsSession, List<string>> _instances = new Dictionary<AwsSession, List<string>>();

        /// <summary>Instance ids; from the pipeline as strings or objects with an InstanceId. None: every instance of the region.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        public string[] InstanceId { get; set; } = Array.Empty<string>();

        /// <summary>Only instances no enabled window patches.</summary>
        [Parameter]
        public SwitchParameter Uncovered { get; set; }

        protected override Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            if (!_instances.TryGetValue(Session!, out var ids))
                _instances[Session!] = ids = new List<string>();
            ids.AddRange(InstanceId.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()));
            return Task.CompletedTask;
        }

        protected override async Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            foreach (var batch in _instances)
            {
                var windows = new List<PatchWindow>();
                await foreach (var window in Services.Windows.GetAsync(batch.Key, Array.Empty<string>(), cancellationToken).ConfigureAwait(false))
                    windows.Add(window);
                pipe.WriteVerbose($"{windows.Count} maintenance windows in {batch.Key.RegionName}, {windows.Count(w => w.Enabled && w.Tasks.Count > 0)} enabled with an AWS-RunPatchBaseline task.");
                var query = new InstanceQuery { InstanceIds = batch.Value.Distinct().ToList() };
                await foreach (var outcome in Services.Instances.GetAsync(batch.Key, query, pipe, cancellationToken).ConfigureAwait(false))
                {
                    if (outcome.Value == null)
                    {
                        await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
                        continue;
                    }
                    var entry = PatchScheduleCalculator.For(outcome.Value, windows);
                    if (!Uncovered || entry.NextWindowStart == null)
                        await pipe.WriteObjectAsync(entry).ConfigureAwait(false);
                }
            }
        }
    }
}
