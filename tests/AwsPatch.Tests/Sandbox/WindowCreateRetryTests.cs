using System.Net;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using AwsPatch.Aws;
using AwsPatch.Tests.Unit;

namespace AwsPatch.Tests.Sandbox;

/// <summary>
/// The module's maintenance-window gateway on an SDK client configured as the module configures it (standard retries),
/// against the sandbox, where the first answer to a create is lost after the sandbox acted on it (a 500 in its place):
/// the SDK's retry carries the same ClientToken, so AWS returns the window the first attempt made instead of a second.
/// (AWSSDK v4 also fills an unset idempotency token once per call; the gateway sets its own so this does not hang on it.)
/// </summary>
public sealed class WindowCreateRetryTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task A_create_whose_answer_was_lost_is_retried_into_the_same_window()
    {
        fixture.Server.Reset();
        using var losing = new LosingHandler("AmazonSSM.CreateMaintenanceWindow");
        using var client = Client(losing);
        var gateway = new MaintenanceWindowGateway(client);

        var id = await gateway.CreateWindowAsync(new MaintenanceWindowSettings
        {
            Name = "retried-create", Schedule = "cron(0 3 ? * SUN *)", Duration = 3, Cutoff = 1, AllowUnassociatedTargets = false,
        }, CancellationToken.None);

        Assert.Equal(2, losing.Bodies.Count);   // the lost attempt and the SDK's retry
        var tokens = losing.Bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("ClientToken").GetString()).ToList();
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
        var window = Assert.Single(fixture.Server.State.WindowsIn("us-east-1"), w => w.Name == "retried-create");
        Assert.Equal(window.WindowId, id);
    }

    [Fact]
    public async Task Two_creates_are_two_logical_calls_with_their_own_tokens()
    {
        fixture.Server.Reset();
        using var losing = new LosingHandler("none");
        using var client = Client(losing);
        var gateway = new MaintenanceWindowGateway(client);
        var settings = new MaintenanceWindowSettings { Name = "twice", Schedule = "rate(7 days)", Duration = 2, Cutoff = 1, AllowUnassociatedTargets = false };

        var first = await gateway.CreateWindowAsync(settings, CancellationToken.None);
        var second = await gateway.CreateWindowAsync(settings, CancellationToken.None);

        Assert.NotEqual(first, second);   // a token is per call, never a constant that would fold distinct creates into one
    }

    private AmazonSimpleSystemsManagementClient Client(HttpMessageHandler handler)
    {
        var config = AwsClientFactory.Configure(new AmazonSimpleSystemsManagementConfig(), TestSessions.UsEast1(fixture.Server.Endpoint.ToString()));
        config.HttpClientFactory = new Factory(handler);
        return new AmazonSimpleSystemsManagementClient(new BasicAWSCredentials(TestKeys.UnitAccessKey, TestKeys.UnitSecret), config);
    }

    /// <summary>Forwards to the sandbox; the first answer to the named target is replaced by a 500 after the sandbox handled it.</summary>
    private sealed class LosingHandler(string target) : DelegatingHandler(new HttpClientHandler())
    {
        private int _lost;

        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isTarget = request.Headers.TryGetValues("X-Amz-Target", out var values) && values.Contains(target);
            if (isTarget && request.Content is not null)
            {
                var body = await request.Content.ReadAsStringAsync(cancellationToken);
                lock (Bodies) Bodies.Add(body);
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (!isTarget || Interlocked.Exchange(ref _lost, 1) == 1)
                return response;
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.InternalServerError)
            {
                Content = new StringContent("{\"__type\":\"InternalServerError\",\"message\":\"answer lost\"}", Encoding.UTF8, "application/x-amz-json-1.1"),
            };
        }
    }

    private sealed class Factory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
