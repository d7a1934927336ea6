using System;
using System.Collections.Concurrent;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The external id each role was last assumed with (-ExternalId), per endpoint, for the module's session: an instance
    /// listed through a role with -ExternalId and piped on carries only its <c>RoleArn</c> (an external id is never put
    /// on an output object, so it is never printed), and the next cmdlet assumes that role with the same external id.
    /// </summary>
    internal sealed class RoleExternalIds
    {
        private readonly ConcurrentDictionary<string, string> _byRole = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        public void Remember(string? endpointUrl, string roleArn, string externalId) => _byRole[Key(endpointUrl, roleArn)] = externalId;

        /// <summary>The external id <paramref name="roleArn"/> was last assumed with; null when none was given.</summary>
        public string? For(string? endpointUrl, string roleArn) => _byRole.TryGetValue(Key(endpointUrl, roleArn), out var id) ? id : null;

        private static string Key(string? endpointUrl, string roleArn) => (endpointUrl ?? string.Empty) + "\n" + roleArn;
    }
}
