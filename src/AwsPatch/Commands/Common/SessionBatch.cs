using System.Collections.Generic;
using AwsPatch.Aws;

namespace AwsPatch.Commands.Common
{
    /// <summary>What <see cref="SessionBatches{T}"/> hands back: one session's (and group's) gathered items.</summary>
    internal sealed class SessionBatch<T>
    {
        public SessionBatch(AwsSession session, string group, List<T> items)
        {
            Session = session;
            Group = group;
            Items = items;
        }

        public AwsSession Session { get; }

        /// <summary>The extra value the call depends on (a run id), empty when none.</summary>
        public string Group { get; }

        public List<T> Items { get; }
    }
}
