using Amazon;
using Amazon.Runtime;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit;

internal static class TestSessions
{
    /// <summary>A session resolved from explicit dummy keys and a region, as a cmdlet would get it.</summary>
    public static AwsSession UsEast1(string? endpoint = null) => Resolve("us-east-1", endpoint);

    public static AwsSession Resolve(string region, string? endpoint = null) =>
        new AwsSessionResolver(_ => null).Resolve(new AwsSessionRequest { AccessKey = "AKIDEXAMPLE", SecretKey = "unit-test-secret", Region = region, EndpointUrl = endpoint });
}
