namespace AwsPatch.Aws
{
    /// <summary>Hands services the gateways for one session. The real one wraps <see cref="AwsClientFactory"/>; tests may fake it.</summary>
    public interface IAwsGateways
    {
        IEc2Gateway Ec2(AwsSession session);

        ISsmGateway Ssm(AwsSession session);

        IInspectorGateway Inspector(AwsSession session);

        IRunCommandGateway RunCommand(AwsSession session);

        ISnapshotGateway Snapshots(AwsSession session);

        IRootVolumeGateway RootVolumes(AwsSession session);

        IPatchStateGateway PatchStates(AwsSession session);

        IParameterStoreGateway Parameters(AwsSession session);

        /// <summary>AWS's time for the session (from its responses): what ages and staleness are measured against.</summary>
        ServiceClock Clock(AwsSession session);
    }
}
