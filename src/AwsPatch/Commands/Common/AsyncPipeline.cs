using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Common;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// The worker side of the async bridge. Code running off the pipeline thread asks for writes, prompts and
    /// progress through this object; the pipeline thread runs each request in order (<see cref="Pump"/>).
    /// Object and error writes and ShouldProcess are awaited, so a slow consumer slows the producer.
    /// </summary>
    public sealed class AsyncPipeline : IOperationReporter, IDisposable
    {
        private readonly BlockingCollection<Action> _requests = new BlockingCollection<Action>();
        private readonly Cmdlet _cmdlet;
        private readonly ApprovalGate _approval;
        private readonly CancellationTokenSource _stop;
        private Exception? _fault;

        internal AsyncPipeline(Cmdlet cmdlet, ApprovalGate approval, CancellationTokenSource stop)
        {
            _cmdlet = cmdlet;
            _approval = approval;
            _stop = stop;
        }

        public Task WriteObjectAsync(object value) => Call(() =>
        {
            _cmdlet.WriteObject(value);
            return true;
        });

        public Task WriteErrorAsync(ErrorRecord error) => Call(() =>
        {
            _cmdlet.WriteError(error);
            return true;
        });

        /// <summary>
        /// One ShouldProcess question per affected resource, asked through the cmdlet's <see cref="ApprovalGate"/> on the
        /// pipeline thread: -WhatIf/$WhatIfPreference always refuse, -Force approves without a prompt. Give
        /// <paramref name="impact"/> when this action has less impact than the cmdlet declares (Scan vs Install).
        /// </summary>
        public Task<bool> ApproveAsync(string target, string action, ConfirmImpact? impact = null) => Call(() => _approval.Approve(target, action, impact));

        /// <summary>Whether the command only shows what it would do (-WhatIf, <c>$WhatIfPreference</c>): every approval is refused.</summary>
        public Task<bool> WhatIfAsync() => Call(() => _approval.WhatIf);

        /// <summary>Runs <paramref name="request"/> on the pipeline thread (a user's scriptblock) and returns what it returned or threw.</summary>
        public Task<T> OnPipelineThreadAsync<T>(Func<T> request) => Call(request);

        public void WriteWarning(string message) => Post(() => _cmdlet.WriteWarning(message));

        /// <summary>
        /// A warning written while the pipeline stops (Ctrl+C, <c>PowerShell.Stop()</c>). Whether PowerShell still
        /// takes a stream write from a stopping command depends on how far the stop got, so the text goes to the host's
        /// warning line (the console, a transcript), which always takes it; without a host UI, to the warning stream.
        /// Unlike other writes it is shown even after an earlier write failed because of the stop.
        /// </summary>
        public void WriteStoppingWarning(string message) => TryAdd(() =>
        {
            try
            {
                if (_cmdlet is PSCmdlet { Host.UI: { } ui })
                    ui.WriteWarningLine(message);
                else
                    _cmdlet.WriteWarning(message);
            }
            catch (PipelineStoppedException)
            {
                // Nowhere left to show it.
            }
        });

        public void WriteVerbose(string message) => Post(() => _cmdlet.WriteVerbose(message));

        public void WriteDebug(string message) => Post(() => _cmdlet.WriteDebug(message));

        public void WriteProgress(ProgressRecord record) => Post(() => _cmdlet.WriteProgress(record));

        void IOperationReporter.Warning(string message) => WriteWarning(message);

        void IOperationReporter.Verbose(string message) => WriteVerbose(message);

        public void Dispose() => _requests.Dispose();

        /// <summary>Runs requests on the calling (pipeline) thread until the worker calls <see cref="Complete"/>.</summary>
        internal void Pump()
        {
            foreach (var request in _requests.GetConsumingEnumerable())
                request();
        }

        internal void Complete() => _requests.CompleteAdding();

        /// <summary>A fire-and-forget request that threw (e.g. <c>-WarningAction Stop</c>) ends the command with that exception.</summary>
        internal void ThrowIfFaulted()
        {
            if (_fault != null)
                throw _fault;
        }

        private Task<T> Call<T>(Func<T> request)
        {
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!TryAdd(() =>
            {
                try
                {
                    done.SetResult(request());
                }
                catch (Exception ex)
                {
                    done.SetException(ex);
                }
            }))
            {
                done.SetException(new PipelineStoppedException());
            }
            return done.Task;
        }

        private void Post(Action request) => TryAdd(() =>
        {
            if (_fault != null)
                return;
            try
            {
                request();
            }
            catch (Exception ex)
            {
                _fault = ex;
                _stop.Cancel();
            }
        });

        private bool TryAdd(Action request)
        {
            try
            {
                _requests.Add(request);
                return true;
            }
            catch (InvalidOperationException)
            {
                // The worker already finished; nothing is listening any more.
                return false;
            }
        }
    }
}
