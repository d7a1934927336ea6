namespace AwsPatch.Sandbox;

/// <summary>The live lists <see cref="SandboxState.WithEbs{T}"/> hands a handler, valid only inside that call.</summary>
internal sealed record SandboxEbsView(
    List<SandboxInstance> Instances,
    List<SandboxSnapshot> Snapshots,
    List<SandboxImage> Images,
    List<SandboxReplaceRootTask> ReplaceRootTasks);
