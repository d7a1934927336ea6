using System.Collections.Generic;
using Amazon.Runtime.Internal;

namespace AwsPatch.Aws.Inspector2.Internal
{
    internal sealed class Inspector2Metadata : IServiceMetadata
    {
        private static readonly IDictionary<string, string> NoRenames = new Dictionary<string, string>(0);

        public string ServiceId => AmazonInspector2Config.ServiceIdValue;

        public IDictionary<string, string> OperationNameMapping => NoRenames;
    }
}
