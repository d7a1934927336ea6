using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// The part of Inspector2's endpoint rule set AwsPatch needs: a configured endpoint (ServiceURL,
    /// AWS_ENDPOINT_URL) wins; otherwise <c>https://inspector2[-fips].{region}.{partition dns suffix}</c>
    /// (amazonaws.com, amazonaws.com.cn for cn- regions). Dual-stack is not offered.
    /// </summary>
    internal sealed class Inspector2EndpointProvider : IEndpointProvider
    {
        public const string RegionParameter = "Region";
        public const string EndpointParameter = "Endpoint";
        public const string UseFipsParameter = "UseFIPS";
        public const string UseDualStackParameter = "UseDualStack";

        public Endpoint ResolveEndpoint(EndpointParameters parameters)
        {
            if (parameters == null)
                throw new ArgumentNullException(nameof(parameters));

            var configured = parameters[EndpointParameter] as string;
            if (!string.IsNullOrEmpty(configured))
                return new Endpoint(configured);

            if (parameters[UseDualStackParameter] is true)
                throw new AmazonClientException("Invalid Configuration: this Inspector2 client does not offer dual-stack endpoints; set a ServiceURL instead.");

            var region = parameters[RegionParameter] as string;
            if (string.IsNullOrEmpty(region))
                throw new AmazonClientException("Invalid Configuration: Missing Region");

            var host = parameters[UseFipsParameter] is true ? "inspector2-fips" : "inspector2";
            return new Endpoint($"https://{host}.{region}.{DnsSuffix(region!)}");
        }

        internal static string DnsSuffix(string region)
        {
            if (region.StartsWith("cn-", StringComparison.Ordinal))
                return "amazonaws.com.cn";
            var suffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix;
            return string.IsNullOrEmpty(suffix) ? "amazonaws.com" : suffix;
        }
    }
}
