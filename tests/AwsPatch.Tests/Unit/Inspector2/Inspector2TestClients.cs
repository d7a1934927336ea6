using AwsPatch.Aws;
using AwsPatch.Aws.Inspector2;

namespace AwsPatch.Tests.Unit.Inspector2;

internal static class Inspector2TestClients
{
    /// <summary>The factory's client for <paramref name="session"/>, talking to <paramref name="http"/>, with few retries and a 1 ms backoff cap.</summary>
    public static AmazonInspector2Client Create(StubHttp http, AwsSession? session = null, int maxErrorRetry = 2)
    {
        session ??= TestSessions.UsEast1();
        var config = Inspector2ClientFactory.CreateConfig(session);
        config.HttpClientFactory = http.Factory;
        config.MaxErrorRetry = maxErrorRetry;
        var client = new AmazonInspector2Client(session.Credentials, config);
        client.CapRetryBackoff(1);
        return client;
    }
}
