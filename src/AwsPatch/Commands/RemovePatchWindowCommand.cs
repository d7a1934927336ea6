using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Commands.Common;

namespace AwsPatch.Commands
{
    /// <summary>Deletes maintenance windows (with their target registrations and tasks), by name, id or from Get-PatchWindow.</summary>
    [Cmdlet(VerbsCommon.Remove, "PatchWindow", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = NameSet)]
    [OutputType(typeof(PatchWindow))]
    public sealed class RemovePatchWindowCommand : AsyncAwsCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "WindowId";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidatePattern("^mw-[0-9a-f]{17}$")]
        public string WindowId { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write each deleted window (as it was) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override async Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken)
        {
            var session = Session!;
            var key = ParameterSetName == IdSet ? WindowId : Name;
            var window = await Services.Windows.FindAsync(session, key, cancellationToken).ConfigureAwait(false);
            if (window == null)
            {
                await pipe.WriteErrorAsync(WindowErrors.NotFound(key, session.RegionName)).ConfigureAwait(false);
                return;
            }
            var action = $"Delete maintenance window {window.Schedule} with {window.Targets.Count} target registration(s) and {window.Tasks.Count} AWS-RunPatchBaseline task(s)";
            if (!await pipe.ApproveAsync($"{window.Name} {window.WindowId} ({session.RegionName})", action).ConfigureAwait(false))
                return;
            await Services.Windows.RemoveAsync(session, window.WindowId, cancellationToken).ConfigureAwait(false);
            if (PassThru)
                await pipe.WriteObjectAsync(window).ConfigureAwait(false);
        }
    }
}
