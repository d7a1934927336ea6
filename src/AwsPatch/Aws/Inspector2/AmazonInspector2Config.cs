using System;
using System.Collections.Generic;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;
using AwsPatch.Aws.Inspector2.Internal;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>
    /// Client configuration for Amazon Inspector2 (service id <c>Inspector2</c>, signing name <c>inspector2</c>,
    /// API version 2020-06-08). Everything else (retries, timeouts, ServiceURL, AuthenticationRegion,
    /// HttpClientFactory, AWS_ENDPOINT_URL*) is AWSSDK.Core's <see cref="ClientConfig"/>.
    /// </summary>
    internal sealed class AmazonInspector2Config : ClientConfig
    {
        /// <summary>The model's serviceId; also names the AWS_ENDPOINT_URL_INSPECTOR2 variable and config-file section.</summary>
        public const string ServiceIdValue = "Inspector2";

        /// <summary>The model's signingName and endpointPrefix.</summary>
        public const string SigningName = "inspector2";

        /// <summary>The model's apiVersion, sent as x-amz-api-version.</summary>
        public const string ApiVersion = "2020-06-08";

        // "api/Inspector2#<version>": generated clients put their package version there; ours is AwsPatch's.
        private static readonly string UserAgentString =
            InternalSDKUtils.BuildUserAgentString(ServiceIdValue, typeof(AmazonInspector2Config).Assembly.GetName().Version?.ToString() ?? "0.0.0.0");

        public AmazonInspector2Config()
            : base(new DefaultConfigurationProvider(DefaultConfigurations()))
        {
            ServiceId = ServiceIdValue;
            AuthenticationServiceName = SigningName;
            EndpointProvider = new Inspector2EndpointProvider();
        }

        public override string RegionEndpointServiceName => SigningName;

        public override string ServiceVersion => ApiVersion;

        public override string UserAgent => UserAgentString;

        /// <summary>The endpoint a request would go to (ClientConfig's hook; same resolver the pipeline runs).</summary>
        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        {
            if (parameters == null)
                throw new ArgumentNullException(nameof(parameters));

            var requestContext = new RequestContext(false)
            {
                ClientConfig = this,
                OriginalRequest = parameters.Request,
                Request = new DefaultRequest(parameters.Request, Inspector2RequestMarshaller.ServiceName) { AlternateEndpoint = parameters.AlternateEndpoint },
            };
            return new Inspector2EndpointResolver().GetEndpoint(new ExecutionContext(requestContext, null));
        }

        // The SDK's defaults modes, with the values every v4 service client is generated with.
        private static IEnumerable<IDefaultConfiguration> DefaultConfigurations()
        {
            yield return Mode(DefaultConfigurationMode.Standard, 3100);
            yield return Mode(DefaultConfigurationMode.InRegion, 1100);
            yield return Mode(DefaultConfigurationMode.CrossRegion, 3100);
            yield return Mode(DefaultConfigurationMode.Mobile, 30000);
            yield return Mode(DefaultConfigurationMode.Auto, 1100);
        }

        private static IDefaultConfiguration Mode(DefaultConfigurationMode name, int connectMilliseconds) => new DefaultConfiguration
        {
            Name = name,
            RetryMode = RequestRetryMode.Standard,
            S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
            ConnectTimeout = TimeSpan.FromMilliseconds(connectMilliseconds),
            TlsNegotiationTimeout = TimeSpan.FromMilliseconds(connectMilliseconds),
        };
    }
}
