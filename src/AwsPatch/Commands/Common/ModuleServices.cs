using AwsPatch.Aws;
using AwsPatch.Instances;
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
            Snapshots = new SnapshotService(gateways);
        }

        public static ModuleServices Instance { get; } = new ModuleServices();

        public AwsSessionResolver SessionResolver { get; }

        public AwsClientFactory Clients { get; }

        public InstanceService Instances { get; }

        /// <summary>Pre-patch snapshot sets (<see cref="ISnapshotService"/> plus find, remove and restore).</summary>
        public SnapshotService Snapshots { get; }
    }
}
