using Amazon.Runtime;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>Shaped like AWS.Tools' Amazon.PowerShell.Common.AWSPSCredentials: internal members, ToString = the set name.</summary>
public sealed class FakeAwsPsCredentials
{
    internal FakeAwsPsCredentials(AWSCredentials? credentials, string name, FakeCredentialsSource source)
    {
        Credentials = credentials;
        Name = name;
        Source = source;
    }

    internal AWSCredentials? Credentials { get; private set; }

    internal string Name { get; private set; }

    internal FakeCredentialsSource Source { get; private set; }

    public override string ToString() => Name;
}

/// <summary>Same member names as AWS.Tools' internal CredentialsSource enum.</summary>
public enum FakeCredentialsSource
{
    Strings,
    Saved,
    CredentialsObject,
    Session,
    Environment,
    InstanceProfile,
    Unknown,
}
