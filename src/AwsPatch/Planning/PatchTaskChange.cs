namespace AwsPatch.Planning
{
    /// <summary>Set-PatchWindow's changes to a window's AWS-RunPatchBaseline tasks; null keeps the task's own value.</summary>
    public sealed class PatchTaskChange
    {
        public string? Operation { get; init; }
        public string? RebootOption { get; init; }
        public string? MaxConcurrency { get; init; }
        public string? MaxErrors { get; init; }
    }
}
