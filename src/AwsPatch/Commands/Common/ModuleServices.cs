using AwsPatch.Aws;
using AwsPatch.Findings;
using AwsPatch.Instances;
using AwsPatch.Runs;

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
            // -SnapshotFirst needs the snapshot service (branch 'snapshots'); until it is constructed here, pass null
            // and Invoke-PatchRun -SnapshotFirst stops with SnapshotServiceUnavailable before anything is sent.
            Runs = new PatchRunService(gateways, Instances, snapshots: null);
        }

        public static ModuleServices Instance { get; } = new ModuleServices();

        public AwsSessionResolver SessionResolver { get; }

        public AwsClientFactory Clients { get; }

        public InstanceService Instances { get; }

        public FindingService Findings { get; }

        public PatchRunService Runs { get; }
    }
}
