using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Instances;
using AwsPatch.Planning;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The targets New-PatchWindow and Set-PatchWindow take (patch groups, a tag hashtable or explicit instance ids) as
    /// maintenance-window target registrations, checked before any call, and how many instances they match now.
    /// </summary>
    internal sealed class WindowTargetInput
    {
        private readonly InstanceQuery _query;

        private WindowTargetInput(IReadOnlyList<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> registrations, InstanceQuery query)
        {
            Registrations = registrations;
            _query = query;
        }

        /// <summary>Each registration's pairs must all hold (AND); an instance any registration matches is a target (OR).</summary>
        public IReadOnlyList<IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>> Registrations { get; }

        /// <summary>The registrations as text: <c>tag:Patch Group=web-prod OR tag:PatchGroup=web-prod</c>.</summary>
        public string Text => string.Join(" OR ", Registrations.Select(PatchWindowService.Describe));

        /// <summary>Registrations per patch-group tag key and per 50 groups (<see cref="PatchWindowService.PatchGroupTargets"/>).</summary>
        public static WindowTargetInput ForPatchGroups(IReadOnlyList<string> groups) =>
            new WindowTargetInput(PatchWindowService.PatchGroupTargets(groups), new InstanceQuery { PatchGroups = groups });

        /// <summary>One registration of the tags (AND across keys, OR within a key); more keys than a target takes is a <see cref="PSArgumentException"/>.</summary>
        public static WindowTargetInput ForTags(Hashtable tag)
        {
            var tags = TagHashtable.Read(tag);
            if (tags.Count > MaintenanceWindowLimits.PairsPerTarget)
                throw new PSArgumentException($"-Tag has {tags.Count} keys; a maintenance-window target takes at most {MaintenanceWindowLimits.PairsPerTarget}.", "Tag");
            foreach (var t in tags.Where(t => t.Value.Count > PatchWindowService.ValuesPerTarget))
                throw new PSArgumentException($"-Tag {t.Key} has {t.Value.Count} values; a maintenance-window target takes at most {PatchWindowService.ValuesPerTarget} per key. Use patch groups or several windows.", "Tag");
            var pairs = tags.Select(t => new KeyValuePair<string, IReadOnlyList<string>>("tag:" + t.Key, t.Value)).ToList();
            return new WindowTargetInput(new[] { (IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>>)pairs }, new InstanceQuery { Tags = tags });
        }

        /// <summary>Explicit instances as InstanceIds registrations of at most 50 ids each.</summary>
        public static WindowTargetInput ForInstances(IEnumerable<string> instanceIds)
        {
            var ids = instanceIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id.Trim()).Distinct(StringComparer.Ordinal).ToList();
            return new WindowTargetInput(PatchWindowService.Registrations("InstanceIds", ids), new InstanceQuery { InstanceIds = ids });
        }

        /// <summary>How many instances in the session's region the targets match now; ids that cannot be found are warnings.</summary>
        public async Task<int> CountMatchesAsync(InstanceService instances, AwsSession session, AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var count = 0;
            await foreach (var outcome in instances.GetAsync(session, _query, pipe, cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value != null)
                    count++;
                else
                    pipe.WriteWarning(outcome.Failure!.Message);
            }
            return count;
        }
    }
}
