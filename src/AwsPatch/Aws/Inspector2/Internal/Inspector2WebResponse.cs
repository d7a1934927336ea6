using Amazon.Runtime;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>What the SDK pipeline returns for one call: our plain response object.</summary>
    internal sealed class Inspector2WebResponse<T> : AmazonWebServiceResponse
        where T : class, new()
    {
        public T Result { get; set; } = new T();
    }
}
