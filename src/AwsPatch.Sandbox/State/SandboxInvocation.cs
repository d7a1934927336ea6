namespace AwsPatch.Sandbox;

/// <summary>One instance's part of a Run Command command. Mutate only under the state lock.</summary>
public sealed class SandboxInvocation
{
    public required string CommandId { get; init; }
    public required string InstanceId { get; init; }
    public string? InstanceName { get; init; }

    /// <summary>Windows or Linux: picks the plugin name (PatchWindows / PatchLinux).</summary>
    public string PlatformType { get; init; } = "Linux";

    /// <summary>Pending, InProgress, Success, Failed, TimedOut, Cancelled (CommandInvocationStatus).</summary>
    public string Status { get; set; } = "Pending";

    /// <summary>The detailed status: Pending, In Progress, Success, Failed, Execution Timed Out, Undeliverable, Cancelled …</summary>
    public string StatusDetails { get; set; } = "Pending";

    /// <summary>What this invocation will end as once it runs (from the fault settings and the agent's ping status at send time).</summary>
    public CommandFault Outcome { get; init; }

    public DateTime? StartedAt { get; set; }
    public DateTime? FinishesAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>Set while the instance reboots for this install: when the reboot ends and the agent resumes the document.</summary>
    public DateTime? RebootEndsAt { get; set; }

    /// <summary>The patch state the install reports once the agent resumes after the reboot.</summary>
    public InstancePatchState? ReportAfterReboot { get; set; }
    public int ResponseCode { get; set; } = -1;
    public string Output { get; set; } = "";

    public bool IsTerminal => Status is "Success" or "Failed" or "TimedOut" or "Cancelled";

    /// <summary>The command's document: it names the plugin that runs it.</summary>
    public string DocumentName { get; init; } = Ssm.SsmRunCommandHandler.PatchDocument;

    public string PluginName => DocumentName switch
    {
        "AWS-RunShellScript" => "aws:runShellScript",
        "AWS-RunPowerShellScript" => "aws:runPowerShellScript",
        _ => PlatformType == "Windows" ? "PatchWindows" : "PatchLinux",
    };
}
