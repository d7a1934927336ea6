using System.Management.Automation;
using System.Threading.Tasks;

namespace AwsPatch.Commands.Common
{
    /// <summary>ShouldProcess with <c>-Force</c>: Force skips the confirmation prompt, never <c>-WhatIf</c>.</summary>
    internal static class ForceGate
    {
        public static bool IsWhatIf(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
                return LanguagePrimitives.IsTrue(bound);
            return LanguagePrimitives.IsTrue(cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        /// <summary>The synchronous gate, for cmdlets that do their work on the pipeline thread.</summary>
        public static bool Approve(PSCmdlet cmdlet, bool force, string target, string action) =>
            (force && !IsWhatIf(cmdlet)) || cmdlet.ShouldProcess(target, action);

        public static async Task<bool> ApproveAsync(AsyncPipeline pipe, bool force, bool whatIf, string target, string action) =>
            (force && !whatIf) || await pipe.ShouldProcessAsync(target, action).ConfigureAwait(false);
    }
}
