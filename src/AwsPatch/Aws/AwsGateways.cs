namespace AwsPatch.Aws
{
    /// <summary>The real gateways: SDK clients from the one <see cref="AwsClientFactory"/>.</summary>
    internal sealed class AwsGateways : IAwsGateways
    {
        private readonly AwsClientFactory _clients;

        public AwsGateways(AwsClientFactory clients)
        {
            _clients = clients;
        }

        public IEc2Gateway Ec2(AwsSession session) => new Ec2Gateway(_clients.CreateEc2(session));

        public ISsmGateway Ssm(AwsSession session) => new SsmGateway(_clients.CreateSsm(session));

        public IInspectorGateway Inspector(AwsSession session) => new InspectorGateway(_clients.CreateInspector2(session), session.RegionName);

        public IRunCommandGateway RunCommand(AwsSession session) => new RunCommandGateway(_clients.CreateSsm(session));

        public ISnapshotGateway Snapshots(AwsSession session) => new SnapshotGateway(_clients.CreateEc2(session));

        public IRootVolumeGateway RootVolumes(AwsSession session) => new RootVolumeGateway(_clients.CreateEc2(session));

        public IPatchStateGateway PatchStates(AwsSession session) => new PatchStateGateway(_clients.CreateSsm(session), session.RegionName);

        public IParameterStoreGateway Parameters(AwsSession session) => new ParameterStoreGateway(_clients.CreateSsm(session));

        public ServiceClock Clock(AwsSession session) => _clients.ClockOf(session);
    }
}
