namespace AwsPatch.Sandbox;

/// <summary>One patch as DescribeInstancePatches reports it (PatchComplianceData); <see cref="InstalledTime"/> null = not installed.</summary>
public sealed record SandboxPatch(int Index, string Title, string KBId, string Classification, string Severity, string State, DateTime? InstalledTime, string? CVEIds)
{
    public bool IsSecurity => Classification is "Security" or "SecurityUpdates" or "CriticalUpdates";
}
