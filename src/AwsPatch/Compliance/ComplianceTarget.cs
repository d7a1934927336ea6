namespace AwsPatch.Compliance
{
    /// <summary>One instance to report on, with the labels its input object carried (from Get-PatchInstance).</summary>
    public sealed class ComplianceTarget
    {
        public ComplianceTarget(string instanceId, string? environment = null, string? patchGroup = null)
        {
            InstanceId = instanceId;
            Environment = environment;
            PatchGroup = patchGroup;
        }

        public string InstanceId { get; }

        public string? Environment { get; }

        /// <summary>The instance's patch group tag, used when Systems Manager has no patch state to name it.</summary>
        public string? PatchGroup { get; }
    }
}
