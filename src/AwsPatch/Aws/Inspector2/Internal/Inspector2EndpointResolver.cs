using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// Pipeline handler that feeds the config into <see cref="Inspector2EndpointProvider"/> (the base class calls the
    /// config's EndpointProvider and applies the result to the request).
    /// </summary>
    internal sealed class Inspector2EndpointResolver : BaseEndpointResolver
    {
        protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
        {
            var config = requestContext.ClientConfig;
            var parameters = new EndpointParameters();
            parameters[Inspector2EndpointProvider.RegionParameter] =
                requestContext.Request.AlternateEndpoint?.SystemName
                ?? config.RegionEndpoint?.SystemName
                ?? config.AuthenticationRegion;
            parameters[Inspector2EndpointProvider.UseFipsParameter] = config.UseFIPSEndpoint;
            parameters[Inspector2EndpointProvider.UseDualStackParameter] = config.UseDualstackEndpoint;
            parameters[Inspector2EndpointProvider.EndpointParameter] = config.ServiceURL;
            return parameters;
        }
    }
}
