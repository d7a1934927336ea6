using System;
using System.Collections.Concurrent;
using System.Threading;
using Amazon.EC2;
using Amazon.SecurityToken;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.SimpleSystemsManagement;

namespace AwsPatch.Aws;

/// <summary>
/// The only place SDK clients are constructed. One client per service per <see cref="AwsSession"/>
/// (sessions compare by reference), created once and reused: SDK clients are expensive and thread-safe.
/// </summary>
public sealed class AwsClientFactory
{
    /// <summary>Attempts after the first one (Standard retry mode: exponential backoff with jitter).</summary>
    internal const int MaxErrorRetry = 4;

    /// <summary>Per-HTTP-request timeout; the SDK default is 100 seconds.</summary>
    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Sent as the SDK's app id, so requests show "app/AwsPatch/&lt;version&gt;"-style in the user agent and CloudTrail.</summary>
    internal static readonly string ApplicationId = "AwsPatch/" + ModuleVersion();

    private readonly ConcurrentDictionary<AwsSession, Lazy<IAmazonEC2>> _ec2 = new();
    private readonly ConcurrentDictionary<AwsSession, Lazy<IAmazonSimpleSystemsManagement>> _ssm = new();
    private readonly ConcurrentDictionary<AwsSession, Lazy<Inspector2.AmazonInspector2Client>> _inspector2 = new();
    private readonly ConcurrentDictionary<AwsSession, ServiceClock> _clocks = new();

    /// <summary>The module's client-side rate limiter: AWS's request buckets per operation and account-region, for every session.</summary>
    public RequestPacer Pacer { get; } = new();

    /// <summary>AWS's time as the session's responses tell it; every client of the session reports to it.</summary>
    public ServiceClock ClockOf(AwsSession session)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        return _clocks.GetOrAdd(session, _ => new ServiceClock());
    }

    public IAmazonEC2 CreateEc2(AwsSession session)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        return _ec2.GetOrAdd(session, s => new Lazy<IAmazonEC2>(
            () => Watched(s, new Ec2Client(s.Credentials, Configure(new AmazonEC2Config(), s))),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    public IAmazonSimpleSystemsManagement CreateSsm(AwsSession session)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        return _ssm.GetOrAdd(session, s => new Lazy<IAmazonSimpleSystemsManagement>(
            () => Watched(s, new SsmClient(s.Credentials, Configure(new AmazonSimpleSystemsManagementConfig(), s))),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>Applies the session's region/endpoint and our retry, timeout and user-agent settings to any service config.</summary>
    /// <summary>The Inspector2 client (our own, on AWSSDK.Core's pipeline), cached per session like the others.</summary>
    internal Inspector2.AmazonInspector2Client CreateInspector2(AwsSession session)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        return _inspector2.GetOrAdd(session, s => new Lazy<Inspector2.AmazonInspector2Client>(
            () => Watched(s, Inspector2.Inspector2ClientFactory.Create(s)),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    /// <summary>
    /// An STS client signing with <paramref name="session"/>'s (source) credentials, its endpoint and region, and the clock
    /// its answers tell. Not cached per session: the role credentials that own it outlive the session (see
    /// <see cref="RoleCredentialCache"/>).
    /// </summary>
    internal static (IAmazonSecurityTokenService Client, ServiceClock Clock) CreateSts(AwsSession session)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        var client = new AmazonSecurityTokenServiceClient(session.Credentials, Configure(new AmazonSecurityTokenServiceConfig(), session));
        var clock = new ServiceClock();
        clock.Watch(client);
        return (client, clock);
    }

    /// <summary>
    /// Disposes and forgets the clients made for <paramref name="session"/>. Sessions belong to one cmdlet invocation,
    /// so the cmdlet calls this when it is done: a long-running runbook that calls cmdlets in a loop keeps no
    /// clients (and their connection pools) from earlier calls.
    /// </summary>
    public void Release(AwsSession session)
    {
        if (session is null) throw new ArgumentNullException(nameof(session));
        Dispose(_ec2, session);
        Dispose(_ssm, session);
        Dispose(_inspector2, session);
        _clocks.TryRemove(session, out _);
    }

    private T Watched<T>(AwsSession session, T client)
        where T : class
    {
        ClockOf(session).Watch(client);
        // The role's credentials are judged on AWS's time: every answer to a call made with them tells it.
        if (session.Credentials is AssumedRoleCredentials role)
            role.Clock.Watch(client);
        return client;
    }

    /// <summary>The SDK's EC2 client with <see cref="RoleExpiryRetryHandler"/> in its pipeline.</summary>
    private sealed class Ec2Client : AmazonEC2Client
    {
        public Ec2Client(AWSCredentials credentials, AmazonEC2Config config) : base(credentials, config) { }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            AddRoleExpiryRetry(pipeline);
        }
    }

    /// <summary>The SDK's Systems Manager client with <see cref="RoleExpiryRetryHandler"/> in its pipeline.</summary>
    private sealed class SsmClient : AmazonSimpleSystemsManagementClient
    {
        public SsmClient(AWSCredentials credentials, AmazonSimpleSystemsManagementConfig config) : base(credentials, config) { }

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            AddRoleExpiryRetry(pipeline);
        }
    }

    /// <summary>Right inside the SDK's retry handler, outside the signer: an attempt refused as expired is signed anew with fresh role credentials.</summary>
    internal static void AddRoleExpiryRetry(RuntimePipeline pipeline) => pipeline.AddHandlerAfter<RetryHandler>(new RoleExpiryRetryHandler());

    private static void Dispose<T>(ConcurrentDictionary<AwsSession, Lazy<T>> clients, AwsSession session)
        where T : class
    {
        if (clients.TryRemove(session, out var client) && client.IsValueCreated)
            (client.Value as IDisposable)?.Dispose();
    }

    internal static TConfig Configure<TConfig>(TConfig config, AwsSession session)
        where TConfig : ClientConfig
    {
        if (session.EndpointUrl is not null)
        {
            config.ServiceURL = session.EndpointUrl.AbsoluteUri;
            config.AuthenticationRegion = session.RegionName;
        }
        else
        {
            config.RegionEndpoint = session.Region;
        }

        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = MaxErrorRetry;
        // The SDK's retry quota (ThrottleRetries) is one static pool per endpoint for the whole process: ~25 fully
        // throttled calls drained it and every later call in the PowerShell session got one attempt instead of five.
        // Off, each call keeps its own attempts and backoff, so a storm slows the module down; pacing to AWS's buckets
        // is RequestPacer's (client-side token buckets per operation and account-region), not the SDK's adaptive mode,
        // whose per-client bucket fails requests outright ("capacity could not be obtained") when it runs dry.
        config.ThrottleRetries = false;
        config.Timeout = RequestTimeout;
        config.ClientAppId = ApplicationId;
        return config;
    }

    private static string ModuleVersion()
    {
        var version = typeof(AwsClientFactory).Assembly.GetName().Version;
        return version is null ? "0.0.0" : $"{version.Major}.{version.Minor}.{version.Build}";
    }
}
