using System.Collections.Concurrent;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// A test-only hook, off unless <see cref="SandboxOptions.ResponseRecorder"/> sets one: keeps a copy of every AWS answer
/// the sandbox sends (service, operation, status, body), so a conformance test can check each against the service model.
/// </summary>
public sealed class ResponseRecorder
{
    private readonly ConcurrentQueue<RecordedResponse> _responses = new();

    /// <summary>Every answer recorded since the last <see cref="Clear"/>, oldest first.</summary>
    public IReadOnlyList<RecordedResponse> Responses => [.. _responses];

    public void Clear() => _responses.Clear();

    internal void Record(RecordedResponse response) => _responses.Enqueue(response);
}

/// <summary>One answer: <paramref name="Service"/> is the signing name (<c>ec2</c>, <c>ssm</c>, <c>inspector2</c>); the
/// operation is null when the request failed before it was named (authentication, an unknown operation).</summary>
public sealed record RecordedResponse(string Service, string? Operation, int StatusCode, string? ContentType, byte[] Body);
