using System.Net;
using AwsPatch.Sandbox.Control;
using AwsPatch.Sandbox.Ec2;
using AwsPatch.Sandbox.Inspector2;
using AwsPatch.Sandbox.Protocol;
using AwsPatch.Sandbox.Ssm;
using AwsPatch.Sandbox.Sts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AwsPatch.Sandbox;

/// <summary>
/// The local AWS stand-in: one Kestrel server on 127.0.0.1 that speaks EC2 (query/XML), Systems Manager
/// (JSON 1.1), Amazon Inspector (REST-JSON) and STS (query/XML) over in-memory fleets (one per account), plus the control API under <c>/_sandbox/</c>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxServices _services;

    private SandboxServer(WebApplication app, SandboxServices services, Inspector2State inspector2, Uri endpoint)
    {
        _app = app;
        _services = services;
        Inspector2 = inspector2;
        Endpoint = endpoint;
    }

    /// <summary>Base address with a trailing slash, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The default account's state (<see cref="SandboxFleet.DefaultAccountId"/> unless the fleet names another).</summary>
    public SandboxState State => _services.State;

    /// <summary>Every account the sandbox holds, their states and the roles STS can assume into them.</summary>
    public SandboxAccounts Accounts => _services.Accounts!;

    public SandboxClock Clock => _services.Clock;

    public FaultSettings Faults => _services.Faults;

    public RequestCounters Counters => _services.Counters;

    /// <summary>The access keys the sandbox knows, and whether it verifies signatures (<see cref="SandboxOptions.StrictAuth"/>).</summary>
    public SandboxCredentials Credentials => _services.Credentials;

    /// <summary>Whether new resources stay invisible for a few reads and pages come back short (<see cref="SandboxOptions.EventualConsistency"/>).</summary>
    public EventualConsistency Consistency => _services.Consistency;

    /// <summary>Amazon Inspector's findings per region and which regions have it enabled.</summary>
    public Inspector2State Inspector2 { get; }

    /// <summary>Reseeds the fleet and its findings, restarts the clock, clears faults and counters (same as POST /_sandbox/reset).</summary>
    public void Reset()
    {
        _services.Reset();
        Inspector2.Reset(_services.State);
    }

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        Func<SandboxFleet> load = options switch
        {
            { GeneratedInstances: { } count } => () => FleetGenerator.Generate(count, options.RandomSeed, options.GeneratedRegions),
            { FleetPath: { } path } => () => FleetLoader.Load(path),
            _ => FleetLoader.LoadDefault,
        };
        SandboxFleet Seed()
        {
            var fleet = load();
            if (options.ClockStart is { } start) fleet = fleet.StartingAt(start);
            return options.PatchScanned ? fleet.Scanned() : fleet;
        }

        var state = new SandboxState(Seed) { RebootDuration = options.RebootDuration };
        var others = options.OtherAccounts.Select(account => new SandboxState(() =>
        {
            var fleet = options.OtherAccountsPerRegion
                ? FleetGenerator.PerRegion(account.Value, options.OtherAccountRegions ?? ["us-east-1", "eu-west-1"], account.Key, options.RandomSeed)
                : FleetGenerator.Generate(account.Value, options.RandomSeed ^ StableHash.Of(account.Key), options.OtherAccountRegions, accountId: account.Key);
            fleet = fleet.StartingAt(options.ClockStart ?? state.ClockStart);
            return options.PatchScanned ? fleet.Scanned() : fleet;
        }) { RebootDuration = options.RebootDuration }).ToList();
        var accounts = new SandboxAccounts(state, others);
        var credentials = new SandboxCredentials(options.StrictAuth, options.AuthTime);
        foreach (var (accessKey, secret) in options.AccessKeys ?? new Dictionary<string, string>()) credentials.Add(accessKey, secret);
        var services = new SandboxServices(state, new SandboxClock(state.ClockStart, options.ClockRate, options.RealTime), new FaultSettings(options.RandomSeed, options.Buckets), new RequestCounters())
        {
            Credentials = credentials,
            Accounts = accounts,
            Consistency = new EventualConsistency { Enabled = options.EventualConsistency, InvisiblePolls = options.InvisiblePolls },
        };
        var inspector2 = new Inspector2State(options.GeneratedFindings is { } findings
            ? fleet => FindingGenerator.Generate(fleet, findings, options.RandomSeed)
            : fleet => FindingGenerator.ForFleet(fleet, options.RandomSeed));
        inspector2.Reset(state);
        inspector2.RescanDelay = options.InspectorRescanDelay;
        foreach (var account in accounts.States)
        {
            services.Clock.Advanced += account.AdvanceCommands;
            services.Clock.Advanced += account.AdvanceEbs;
        }
        services.Clock.Advanced += now => inspector2.Rescan(state, now);

        // Port 0 (tests): a port no earlier server of this process had. The AWS SDK keeps a clock correction per endpoint
        // URL for the whole process, so a reused endpoint would inherit the clock skew a previous sandbox taught it.
        WebApplication app;
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port != 0 ? options.Port : NextPort();
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, port);
                kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            });

            app = builder.Build();
            var pipeline = new AwsRequestPipeline(services,
            [
                new SsmService([new SsmInstanceInformationHandler(), new SsmRunCommandHandler(), new SsmPatchStateHandler(), new SsmPatchBaselineHandler(), new SsmParameterHandler(),
                    new SsmMaintenanceWindowHandler(), new SsmMaintenanceWindowTaskHandler()]),
                new Inspector2Service(inspector2),
                new StsService(),
                new Ec2Service([new Ec2InstanceHandler(), new Ec2InstanceStatusHandler(), new Ec2VolumeHandler(),
                    new Ec2SnapshotHandler(), new Ec2ImageHandler(), new Ec2ReplaceRootVolumeHandler()]),
            ]);
            ControlApi.Map(app, services, inspector2);
            app.MapFallback("{**path}", http => pipeline.InvokeAsync(http, options.ResponseRecorder));

            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (IOException) when (options.Port == 0 && attempt < 50)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, services, inspector2, new Uri(address.TrimEnd('/') + "/"));
    }

    private static int _lastPort = 20000 + Random.Shared.Next(10000);

    /// <summary>The next port of a process-wide sequence below Linux's ephemeral range (32768 and up), wrapping before it.</summary>
    private static int NextPort()
    {
        var port = Interlocked.Increment(ref _lastPort);
        return 20000 + (port - 20000) % 12000;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
