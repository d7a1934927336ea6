using AwsPatch.Aws;
using AwsPatch.Compliance;
using AwsPatch.Findings;
using AwsPatch.Instances;
using AwsPatch.Runs;
using AwsPatch.Snapshots;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The composition root: one session resolver, one client factory (and so one SDK client per session) and the
    /// services, shared by every cmdlet invocation in the process.
    /// </summary>
    internal sealed class ModuleServices
    {
        private ModuleServices()
        {
            SessionResolver = new AwsSessionResolver();
            Clients = new AwsClientFactory();
            var gateways = new AwsGateways(Clients);
            Instances = new InstanceService(gateways);
            Findings = new FindingService(gateways);
            Snapshots = new SnapshotService(gateways, pacer: Clients.Pacer);
            // Invoke-PatchRun -SnapshotFirst snapshots through the same service as New-PatchSnapshot -Wait.
            Runs = new PatchRunService(gateways, Instances, Snapshots);
            Compliance = new ComplianceService(gateways);
        }

        public static ModuleServices Instance { get; } = new ModuleServices();

        public AwsSessionResolver SessionResolver { get; }

        public AwsClientFactory Clients { get; }

        public InstanceService Instances { get; }

        public FindingService Findings { get; }

        public PatchRunService Runs { get; }

        /// <summary>Patch compliance and per-instance patch lists from SSM Patch Manager.</summary>
        public ComplianceService Compliance { get; }

        /// <summary>Pre-patch snapshot sets (<see cref="ISnapshotService"/> plus find, remove and restore).</summary>
        public SnapshotService Snapshots { get; }
    }
}
