using System;
using System.Collections.Generic;
using System.Linq;
using AwsPatch.Aws;

namespace AwsPatch.Rollouts
{
    /// <summary>
    /// Where each instance of a rollout is patched: the home session (where the record lives, and every instance the
    /// record gives no target) and one session per recorded <see cref="RolloutRecord.Targets"/> entry, in its order.
    /// </summary>
    internal sealed class RolloutSessions
    {
        private readonly IReadOnlyList<AwsSession> _targets;
        private readonly IReadOnlyDictionary<string, int> _targetOf;

        public RolloutSessions(AwsSession home, IReadOnlyList<AwsSession> targets, IReadOnlyDictionary<string, int> targetOf)
        {
            Home = home;
            _targets = targets;
            _targetOf = targetOf;
        }

        /// <summary>Where the rollout's record lives.</summary>
        public AwsSession Home { get; }

        /// <summary>The session <paramref name="instanceId"/> is patched in.</summary>
        public AwsSession Of(string instanceId) => _targetOf.TryGetValue(instanceId, out var target) && target >= 1 && target <= _targets.Count ? _targets[target - 1] : Home;

        /// <summary>The ids by the session they are patched in, each group and its ids in first-seen order (one group when all are in one).</summary>
        public List<(AwsSession Session, List<string> Ids)> Group(IEnumerable<string> instanceIds)
        {
            var groups = new List<(AwsSession Session, List<string> Ids)>();
            foreach (var id in instanceIds)
            {
                var session = Of(id);
                var index = groups.FindIndex(g => ReferenceEquals(g.Session, session));
                if (index < 0)
                    groups.Add((session, new List<string> { id }));
                else
                    groups[index].Ids.Add(id);
            }
            return groups;
        }
    }
}
