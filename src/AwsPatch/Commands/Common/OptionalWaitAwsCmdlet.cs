using System.Management.Automation;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// A cmdlet that returns once its work is started unless asked to wait (Invoke-PatchRun, New-PatchSnapshot,
    /// Restore-PatchSnapshot): <c>-Wait</c>, declared once here, beside the wait parameters of
    /// <see cref="WaitingAwsCmdlet"/>. Cmdlets that always wait (Wait-PatchRun, the rollouts) derive from that directly.
    /// </summary>
    public abstract class OptionalWaitAwsCmdlet : WaitingAwsCmdlet
    {
        /// <summary>Wait for the work to finish, polling every <c>-PollIntervalSeconds</c> for up to <c>-TimeoutMinutes</c>.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }
    }
}
