using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using AwsPatch.Aws.Inspector2.Internal;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>
    /// The Amazon Inspector2 operations AwsPatch calls (ListFindings, ListCoverage) plus BatchGetFindingDetails (CISA
    /// KEV data for planning), on AWSSDK.Core's runtime pipeline, wired as the SDK's generated v4 clients are: our
    /// marshaller and unmarshallers, a rule-set-style endpoint resolver and a SigV4 auth-scheme handler; the SDK's own
    /// credential resolution, signer, retry/throttling policy, HTTP handler and timeouts do the rest. Only
    /// <see cref="InspectorGateway"/> sees it: the day the registry serves AWSSDK.Inspector2, the gateway is written over
    /// that client instead and this folder goes.
    /// </summary>
    internal sealed class AmazonInspector2Client : AmazonServiceClient
    {
        private static readonly IServiceMetadata Metadata = new Inspector2Metadata();

        public AmazonInspector2Client(AWSCredentials credentials, AmazonInspector2Config config)
            : base(credentials, config)
        {
        }

        protected override IServiceMetadata ServiceMetadata => Metadata;

        /// <summary>POST /findings/list: one page of findings (at most <see cref="Inspector2Limits.ListFindingsMaxResults"/>).</summary>
        public Task<ListFindingsResponse> ListFindingsAsync(ListFindingsRequest request, CancellationToken cancellationToken) =>
            CallAsync<ListFindingsResponse>(new Inspector2WebRequests.ListFindingsRequest(request), cancellationToken);

        /// <summary>POST /coverage/list: one page of scan coverage (at most <see cref="Inspector2Limits.ListCoverageMaxResults"/>).</summary>
        public Task<ListCoverageResponse> ListCoverageAsync(ListCoverageRequest request, CancellationToken cancellationToken) =>
            CallAsync<ListCoverageResponse>(new Inspector2WebRequests.ListCoverageRequest(request), cancellationToken);

        /// <summary>POST /findings/details/batch/get: details for up to <see cref="Inspector2Limits.BatchGetFindingDetailsMaxArns"/> finding ARNs.</summary>
        public Task<BatchGetFindingDetailsResponse> BatchGetFindingDetailsAsync(BatchGetFindingDetailsRequest request, CancellationToken cancellationToken) =>
            CallAsync<BatchGetFindingDetailsResponse>(new Inspector2WebRequests.BatchGetFindingDetailsRequest(request), cancellationToken);

        /// <summary>
        /// Caps the backoff of the SDK's retry policy (default 20 s) without changing what is retried or how often;
        /// tests use it to exercise real retries without real waiting.
        /// </summary>
        internal void CapRetryBackoff(int maxMilliseconds)
        {
            foreach (var handler in RuntimePipeline.Handlers)
            {
                if (!(handler is RetryHandler retry))
                    continue;
                if (retry.RetryPolicy is StandardRetryPolicy standard)
                    standard.MaxBackoffInMilliseconds = maxMilliseconds;
                else if (retry.RetryPolicy is DefaultRetryPolicy legacy)
                    legacy.MaxBackoffInMilliseconds = maxMilliseconds;
            }
        }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            // As generated v4 clients do: the service's endpoint resolver replaces the generic one, and the auth-scheme
            // handler (SigV4) runs right after marshalling, before endpoint resolution and signing.
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new Inspector2EndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new Inspector2AuthSchemeHandler());
            AwsClientFactory.AddRoleExpiryRetry(pipeline);
        }

        private async Task<TResponse> CallAsync<TResponse>(Inspector2WebRequest request, CancellationToken cancellationToken)
            where TResponse : class, new()
        {
            var options = new InvokeOptions
            {
                RequestMarshaller = Inspector2RequestMarshaller.Instance,
                ResponseUnmarshaller = Inspector2ResponseUnmarshaller<TResponse>.Instance,
            };
            var response = await InvokeAsync<Inspector2WebResponse<TResponse>>(request, options, cancellationToken).ConfigureAwait(false);
            return response.Result;
        }
    }
}
