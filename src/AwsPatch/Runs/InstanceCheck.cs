using System.Collections.Generic;
using AwsPatch.Common;

namespace AwsPatch.Runs
{
    /// <summary>Instances split into those that can be sent a command and those that cannot, with why.</summary>
    public sealed class InstanceCheck
    {
        public List<string> Ready { get; } = new List<string>();

        public Dictionary<string, IReadOnlyList<string>> SnapshotIds { get; } = new Dictionary<string, IReadOnlyList<string>>();

        public List<ItemFailure> Failures { get; } = new List<ItemFailure>();
    }
}
