namespace AwsPatch.Rollouts
{
    /// <summary>The states and gate names a rollout records and shows.</summary>
    public static class WaveStates
    {
        public const string Succeeded = "Succeeded";
        public const string Failed = "Failed";
        public const string NotPatched = "NotPatched";

        public const string Passed = "Passed";
        public const string NotRun = "NotRun";

        public const string InvocationsGate = "Invocations";
        public const string RecoveryGate = "AgentAndStatus";
        public const string ComplianceGate = "Compliance";
        public const string TestedSetGate = "TestedSet";
        public const string HealthGate = "HealthCheck";
        public const string AlarmGate = "Alarm";
        public const string RemediationGate = "Remediation";
    }
}
