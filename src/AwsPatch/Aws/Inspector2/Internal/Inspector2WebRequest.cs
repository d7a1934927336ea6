using Amazon.Runtime;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// What the SDK pipeline carries for one call: the operation's path and our plain request object as the body.
    /// The SDK names an operation after the request's CLR type name (logs, metrics, auth-scheme resolution), so each
    /// operation has its own subclass in <see cref="Inspector2WebRequests"/> named like the generated SDK's.
    /// </summary>
    internal abstract class Inspector2WebRequest : AmazonWebServiceRequest
    {
        protected Inspector2WebRequest(string resourcePath, object body)
        {
            ResourcePath = resourcePath;
            Body = body;
        }

        public string ResourcePath { get; }

        public object Body { get; }
    }
}
