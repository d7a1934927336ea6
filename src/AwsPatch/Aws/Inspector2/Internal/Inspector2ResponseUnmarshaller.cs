using System;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// Reads a 2xx body into <typeparamref name="T"/> with System.Text.Json, and an error body into an
    /// <see cref="AmazonInspector2Exception"/> through the SDK's own REST-JSON error parser (x-amzn-ErrorType header,
    /// else <c>__type</c>/<c>code</c> in the body; <c>message</c>/<c>Message</c>); an answer without any error type
    /// keeps its body, so the error says what came back instead of the SDK's "see inner exception".
    /// </summary>
    internal sealed class Inspector2ResponseUnmarshaller<T> : JsonResponseUnmarshaller
        where T : class, new()
    {
        public static readonly Inspector2ResponseUnmarshaller<T> Instance = new Inspector2ResponseUnmarshaller<T>();

        /// <summary>Enough of a non-AWS body to find an HTML title or a one-line snippet.</summary>
        private const int MaxBodyBytes = 8192;

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
            return new AmazonInspector2Exception(error.Message, innerException, FaultOf(error.Type, statusCode), error.Code, error.RequestId, statusCode)
            {
                // No error type anywhere: not Inspector's answer. Keep the body for the message (the parser's own
                // message then only says "see inner exception", and the inner exception holds nothing).
                ResponseBody = string.IsNullOrEmpty(error.Code) ? BodyOf(context) : null,
            };
        }

        private static string BodyOf(JsonUnmarshallerContext context)
        {
            var bytes = context.GetResponseBodyBytes();
            return bytes == null ? string.Empty : Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, MaxBodyBytes));
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
