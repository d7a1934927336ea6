using System.Text.Json;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>One concern of Systems Manager (instance information, later Run Command, compliance).</summary>
internal interface ISsmHandler
{
    IReadOnlyCollection<string> Operations { get; }

    /// <summary>Writes the JSON response for <paramref name="call"/>; throws <see cref="AwsApiException"/> for SSM errors.</summary>
    void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter response);
}
