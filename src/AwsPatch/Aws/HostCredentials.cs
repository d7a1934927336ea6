using System;
using Amazon.Runtime;

namespace AwsPatch.Aws;

/// <summary>Credentials found by the SDK's own chain (container, web identity, instance profile …) and where.</summary>
internal sealed class HostCredentials
{
    public HostCredentials(AWSCredentials credentials, string source)
    {
        Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        Source = source ?? throw new ArgumentNullException(nameof(source));
    }

    public AWSCredentials Credentials { get; }

    public string Source { get; }
}
