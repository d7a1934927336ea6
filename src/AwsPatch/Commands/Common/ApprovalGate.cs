using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The one ShouldProcess/-Force rule of every state-changing cmdlet (STYLE.md section 5), asked on the pipeline
    /// thread: <c>-WhatIf</c> and <c>$WhatIfPreference</c> win over everything, <c>-Force</c> skips the prompt, an
    /// action of lower impact than the cmdlet declares asks only when <c>-WhatIf</c>/<c>-Confirm</c> or the preference
    /// variables ask for it, and a host that cannot prompt ends the command with <c>ConfirmationRequired</c> before the
    /// item is acted on.
    /// </summary>
    internal sealed class ApprovalGate
    {
        private readonly PSCmdlet _cmdlet;
        private Switches? _switches;

        public ApprovalGate(PSCmdlet cmdlet) => _cmdlet = cmdlet;

        /// <summary>The impact the cmdlet declares ([Cmdlet(ConfirmImpact = …)]); PowerShell prompts at or above <c>$ConfirmPreference</c>.</summary>
        public ConfirmImpact DeclaredImpact => _cmdlet.GetType().GetCustomAttribute<CmdletAttribute>()?.ConfirmImpact ?? ConfirmImpact.Medium;

        /// <summary>
        /// Reads -WhatIf, -Confirm, -Force and <c>$WhatIfPreference</c>/<c>$ConfirmPreference</c> once, as the engine does.
        /// Call on the pipeline thread before the work goes async; the first <see cref="Approve"/> calls it otherwise.
        /// </summary>
        public void Capture()
        {
            if (_switches != null)
                return;
            var bound = _cmdlet.MyInvocation.BoundParameters;
            var variables = _cmdlet.SessionState.PSVariable;
            _switches = new Switches
            {
                // A bound switch wins over its preference variable, also when it is bound to $false.
                WhatIf = bound.TryGetValue("WhatIf", out var whatIf) ? LanguagePrimitives.IsTrue(whatIf) : LanguagePrimitives.IsTrue(variables.GetValue("WhatIfPreference")),
                Confirm = bound.TryGetValue("Confirm", out var confirm) ? LanguagePrimitives.IsTrue(confirm) : (bool?)null,
                ConfirmPreference = LanguagePrimitives.TryConvertTo(variables.GetValue("ConfirmPreference"), out ConfirmImpact preference) ? preference : ConfirmImpact.High,
                Force = bound.TryGetValue("Force", out var force) && LanguagePrimitives.IsTrue(force),
            };
        }

        /// <summary>Whether the command runs under -WhatIf or <c>$WhatIfPreference</c>.</summary>
        public bool WhatIf
        {
            get
            {
                Capture();
                return _switches!.WhatIf;
            }
        }

        /// <summary>
        /// One question per affected resource: <paramref name="target"/> <c>"&lt;id&gt; (&lt;region&gt;)"</c>,
        /// <paramref name="action"/> every step the cmdlet would take on it. <paramref name="impact"/> lowers the
        /// cmdlet's declared impact for this action (Scan rather than Install). Pipeline thread only.
        /// </summary>
        public bool Approve(string target, string action, ConfirmImpact? impact = null)
        {
            Capture();
            var switches = _switches!;
            if (switches.WhatIf)
            {
                // Writes "What if: …"; never acts, whatever the engine answers.
                _cmdlet.ShouldProcess(target, action);
                return false;
            }
            if (switches.Force)
                return true;
            if (impact is ConfirmImpact lower && lower < DeclaredImpact && !switches.AsksAt(lower))
                return true;
            try
            {
                return _cmdlet.ShouldProcess(target, action);
            }
            catch (Exception ex) when (ex is HostException || ex is PSInvalidOperationException || ex is NotImplementedException)
            {
                // pwsh -NonInteractive throws PSInvalidOperationException, a host without UI HostException.
                _cmdlet.ThrowTerminatingError(ConfirmationRequired(target, ex));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        private ErrorRecord ConfirmationRequired(string target, Exception hostError)
        {
            var name = _cmdlet.MyInvocation.MyCommand.Name;
            var switches = _cmdlet.MyInvocation.MyCommand.Parameters.ContainsKey("Force") ? "-Force or -Confirm:$false" : "-Confirm:$false";
            var message = $"{name} needs confirmation before it acts on {target}, but this PowerShell host cannot prompt ({hostError.Message.TrimEnd('.')}). "
                + $"Nothing was done to {target} or any item after it.";
            return new ErrorRecord(new PSInvalidOperationException(message, hostError), "ConfirmationRequired", ErrorCategory.InvalidOperation, target)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = $"To run {name} without a prompt (runbooks, scheduled tasks, SSM Run Command documents, pwsh -NonInteractive), add {switches} to the command; -WhatIf still wins over both.",
                },
            };
        }

        private sealed class Switches
        {
            public bool WhatIf { get; set; }

            public bool? Confirm { get; set; }

            public ConfirmImpact ConfirmPreference { get; set; }

            public bool Force { get; set; }

            /// <summary>Whether -Confirm or <c>$ConfirmPreference</c> asks for an action of this impact (exactly the engine's rule).</summary>
            public bool AsksAt(ConfirmImpact impact) =>
                Confirm ?? (ConfirmPreference != ConfirmImpact.None && impact >= ConfirmPreference);
        }
    }
}
