using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using AwsPatch.Aws;
using AwsPatch.Common;
using AwsPatch.Compliance;
using AwsPatch.Remediation;
using AwsPatch.Findings;
using AwsPatch.Instances;
using AwsPatch.Planning;
using AwsPatch.Rollouts;
using AwsPatch.Runs;
using AwsPatch.Snapshots;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The composition root: one session resolver, one client factory (and so one SDK client per session) and the
    /// services, shared by every cmdlet invocation in the process. Every wait runs on one <see cref="IWaitClock"/>: the
    /// machine's, except in a runspace given its own with <see cref="UseWaitClock"/> (tests drive their clock, never sleep).
    /// </summary>
    internal sealed class ModuleServices
    {
        private static readonly ConditionalWeakTable<Runspace, ModuleServices> ByRunspace = new ConditionalWeakTable<Runspace, ModuleServices>();

        private ModuleServices(IWaitClock clock)
        {
            WaitClock = clock;
            SessionResolver = new AwsSessionResolver();
            Clients = new AwsClientFactory();
            var gateways = new AwsGateways(Clients);
            Instances = new InstanceService(gateways, clock);
            Findings = new FindingService(gateways);
            Snapshots = new SnapshotService(gateways, clock, Clients.Pacer);
            // Invoke-PatchRun -SnapshotFirst snapshots through the same service as New-PatchSnapshot -Wait.
            Runs = new PatchRunService(gateways, Instances, Snapshots, clock);
            Compliance = new ComplianceService(gateways);
            Windows = new PatchWindowService(session => new MaintenanceWindowGateway(Clients.CreateSsm(session)), Clients.ClockOf);
            // A rollout composes runs, snapshots (rollback) and compliance (its gates).
            Remediation = new RemediationService(gateways, Compliance);
            Rollouts = new PatchRolloutService(gateways, Instances, Runs, Snapshots, Compliance, clock, Remediation);
        }

        public static ModuleServices Instance { get; } = new ModuleServices(SystemWaitClock.Instance);

        /// <summary>The services of cmdlets running in <paramref name="runspace"/>: its own when it was given a clock, else <see cref="Instance"/>.</summary>
        public static ModuleServices For(Runspace? runspace) =>
            runspace != null && ByRunspace.TryGetValue(runspace, out var own) ? own : Instance;

        /// <summary>Gives the cmdlets of one runspace services whose waits run on <paramref name="clock"/>.</summary>
        public static void UseWaitClock(Runspace runspace, IWaitClock clock)
        {
            ByRunspace.Remove(runspace);
            ByRunspace.Add(runspace, new ModuleServices(clock));
        }

        /// <summary>What every wait of these services runs on.</summary>
        public IWaitClock WaitClock { get; }

        public AwsSessionResolver SessionResolver { get; }

        /// <summary>The account of each set of credentials that assumes no role (STS GetCallerIdentity, once for the process).</summary>
        public CallerAccounts Accounts { get; } = new CallerAccounts();

        /// <summary>The external id each role was assumed with, for roles that come back piped in with their instances.</summary>
        public RoleExternalIds ExternalIds { get; } = new RoleExternalIds();

        public AwsClientFactory Clients { get; }

        public InstanceService Instances { get; }

        public FindingService Findings { get; }

        public PatchRunService Runs { get; }

        /// <summary>Patch compliance and per-instance patch lists from SSM Patch Manager.</summary>
        public ComplianceService Compliance { get; }

        /// <summary>Maintenance windows for patching, and when each instance is next patched.</summary>
        public PatchWindowService Windows { get; }
        /// <summary>Staged rollouts: waves of runs, gates, rollback, and their record in Parameter Store.</summary>
        public PatchRolloutService Rollouts { get; }

        /// <summary>Get-PatchRemediation: what became of Inspector's findings after patching.</summary>
        public RemediationService Remediation { get; }

        /// <summary>Pre-patch snapshot sets (<see cref="ISnapshotService"/> plus find, remove and restore).</summary>
        public SnapshotService Snapshots { get; }
    }
}
