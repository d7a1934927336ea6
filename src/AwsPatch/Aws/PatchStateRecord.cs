using System;

namespace AwsPatch.Aws
{
    /// <summary>One instance's patch state as Systems Manager reports it (DescribeInstancePatchStates), in SDK-free terms.</summary>
    public sealed class PatchStateRecord
    {
        public string InstanceId { get; init; } = string.Empty;
        public string? PatchGroup { get; init; }
        public string? BaselineId { get; init; }
        public string? Operation { get; init; }
        public DateTime? OperationStartTime { get; init; }
        public DateTime? OperationEndTime { get; init; }
        public int InstalledCount { get; init; }
        public int InstalledOtherCount { get; init; }
        public int InstalledPendingRebootCount { get; init; }
        public int InstalledRejectedCount { get; init; }
        public int MissingCount { get; init; }
        public int FailedCount { get; init; }
        public int NotApplicableCount { get; init; }
        public int CriticalNonCompliantCount { get; init; }
        public int SecurityNonCompliantCount { get; init; }
        public int OtherNonCompliantCount { get; init; }
        public string? RebootOption { get; init; }
    }
}
