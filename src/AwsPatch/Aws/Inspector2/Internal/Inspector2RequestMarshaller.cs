using System;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Util;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// Turns an <see cref="Inspector2WebRequest"/> into the REST-JSON HTTP request: POST to the operation's path with
    /// the body as JSON. The SDK's later handlers add the endpoint, signature, user agent and retry headers.
    /// </summary>
    internal sealed class Inspector2RequestMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        public const string ServiceName = "Amazon.Inspector2";

        public static readonly Inspector2RequestMarshaller Instance = new Inspector2RequestMarshaller();

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            if (!(input is Inspector2WebRequest call))
                throw new ArgumentException($"Expected an Inspector2 request, got {input?.GetType().Name ?? "null"}.", nameof(input));

            IRequest request = new DefaultRequest(input, ServiceName);
            request.HttpMethod = "POST";
            request.ResourcePath = call.ResourcePath;
            request.Headers[HeaderKeys.ContentTypeHeader] = "application/json";
            request.Headers[HeaderKeys.XAmzApiVersion] = AmazonInspector2Config.ApiVersion;
            request.Content = JsonSerializer.SerializeToUtf8Bytes(call.Body, call.Body.GetType(), Inspector2Json.Options);
            return request;
        }
    }
}
