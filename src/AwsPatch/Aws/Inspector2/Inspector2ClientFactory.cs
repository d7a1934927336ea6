using System;
using AwsPatch.Aws.Inspector2.Internal;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>The one place an <see cref="AmazonInspector2Client"/> is made.</summary>
    internal static class Inspector2ClientFactory
    {
        /// <summary>
        /// A client for the session: with <see cref="AwsSession.EndpointUrl"/>, ServiceURL = that URL and the signing
        /// region = the session's region; otherwise the session's <see cref="AwsSession.Region"/>.
        /// </summary>
        public static AmazonInspector2Client Create(AwsSession session) => new AmazonInspector2Client(session.Credentials, CreateConfig(session));

        /// <summary>The config <see cref="Create(AwsSession)"/> uses; tests adjust it (HttpClientFactory, retries) before making a client.</summary>
        internal static AmazonInspector2Config CreateConfig(AwsSession session)
        {
            if (session == null)
                throw new ArgumentNullException(nameof(session));

            // The same endpoint, retry, timeout and user-agent settings as the SDK's own clients get.
            return AwsClientFactory.Configure(new AmazonInspector2Config(), session);
        }
    }
}
