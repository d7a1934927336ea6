using System;
using System.IO;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// Reads a 2xx body into <typeparamref name="T"/> with System.Text.Json, and an error body into an
    /// <see cref="AmazonInspector2Exception"/> through the SDK's own REST-JSON error parser (x-amzn-ErrorType header,
    /// else <c>__type</c>/<c>code</c> in the body; <c>message</c>/<c>Message</c>).
    /// </summary>
    internal sealed class Inspector2ResponseUnmarshaller<T> : JsonResponseUnmarshaller
        where T : class, new()
    {
        public static readonly Inspector2ResponseUnmarshaller<T> Instance = new Inspector2ResponseUnmarshaller<T>();

        public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
        {
            T result;
            try
            {
                result = context.IsEmptyResponse ? new T() : JsonSerializer.Deserialize<T>(context.Stream, Inspector2Json.Options) ?? new T();
            }
            catch (JsonException ex)
            {
                throw new AmazonUnmarshallingException(context.ResponseData?.GetHeaderValue("x-amzn-RequestId"), ex.Path, null,
                    $"Inspector2 returned a body that is not a {typeof(T).Name}: {ex.Message}", ex);
            }
            return new Inspector2WebResponse<T> { Result = result };
        }

        public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
        {
            var reader = new StreamingUtf8JsonReader(context.Stream);
            var error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(context, ref reader);
            return new AmazonInspector2Exception(error.Message, innerException, FaultOf(error.Type, statusCode), error.Code, error.RequestId, statusCode);
        }

        // The model marks every 4xx shape senderFault and the 500 shape fault; the SDK's parser leaves it Unknown.
        private static ErrorType FaultOf(ErrorType parsed, HttpStatusCode status)
        {
            if (parsed != ErrorType.Unknown)
                return parsed;
            var code = (int)status;
            return code >= 500 ? ErrorType.Receiver : code >= 400 ? ErrorType.Sender : ErrorType.Unknown;
        }
    }
}
