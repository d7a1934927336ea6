using System.Collections.Generic;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>Inspector2 is SigV4 for every operation (model: <c>auth: [aws.auth#sigv4]</c>).</summary>
    internal sealed class Inspector2AuthSchemeHandler : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) => AuthSchemeOption.DEFAULT_SIGV4;
    }
}
