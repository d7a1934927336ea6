using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Runs a cmdlet's work as async code on a worker task while the pipeline thread serves its writes, prompts and
    /// progress (<see cref="AsyncPipeline"/>). Ctrl+C cancels the token handed to the work; a stop is not an error.
    /// Derived cmdlets override the <c>*Async</c> methods instead of BeginProcessing/ProcessRecord/EndProcessing.
    /// </summary>
    public abstract class AsyncAwsCmdlet : AwsCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        // The account of each session of this command that assumes no role, asked once (and warned about once) per command.
        private readonly ConcurrentDictionary<AwsSession, Lazy<Task<string?>>> _accounts = new ConcurrentDictionary<AwsSession, Lazy<Task<string?>>>();
        private readonly HashSet<CallerAccount> _accountWarnings = new HashSet<CallerAccount>();

        /// <summary>The command's name, read on the pipeline thread for messages written from the work.</summary>
        private string _commandName = string.Empty;

        protected virtual Task BeginProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken) => Task.CompletedTask;

        protected virtual Task ProcessRecordAsync(AsyncPipeline pipe, CancellationToken cancellationToken) => Task.CompletedTask;

        protected virtual Task EndProcessingAsync(AsyncPipeline pipe, CancellationToken cancellationToken) => Task.CompletedTask;

        protected sealed override void BeginProcessing()
        {
            base.BeginProcessing();
            _commandName = MyInvocation.MyCommand.Name;
            // -WhatIf, -Confirm, -Force and the preference variables are read here, on the pipeline thread.
            Approval.Capture();
            Run(BeginProcessingAsync);
        }

        protected sealed override void ProcessRecord()
        {
            // No session for this input object (its own region is invalid): its error is written, the next one goes on.
            if (NeedsSession && ResolveSession() == null)
                return;
            Run(ProcessRecordAsync);
        }

        /// <summary>
        /// Whether the current record needs AWS (and so a resolved session). A cmdlet whose input alone can answer
        /// (Get-PatchPriority over piped findings) says no, so it works without credentials or a region.
        /// </summary>
        protected virtual bool NeedsSession => true;

        protected sealed override void EndProcessing()
        {
            try
            {
                Run(EndProcessingAsync);
            }
            finally
            {
                _stop.Dispose();
            }
        }

        protected sealed override void StopProcessing()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already finished.
            }
        }

        private void Run(Func<AsyncPipeline, CancellationToken, Task> work)
        {
            if (_stop.IsCancellationRequested)
                throw new PipelineStoppedException();

            Task worker;
            using (var pipe = new AsyncPipeline(this, Approval, _stop))
            {
                var token = _stop.Token;
                worker = Task.Run(async () =>
                {
                    try
                    {
                        await work(pipe, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        pipe.Complete();
                    }
                });
                pipe.Pump();
                pipe.ThrowIfFaulted();
            }

            try
            {
                // The pump only returns once the worker has completed, so this does not block.
                worker.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (!IsPipelineFlow(ex))
            {
                ThrowTerminatingError(ErrorRecordFactory.FromException(ex, TerminatingTarget));
            }
        }

        /// <summary>Writes a service's result stream: values as output, failed items as non-terminating errors.</summary>
        protected static async Task WriteOutcomesAsync<T>(AsyncPipeline pipe, IAsyncEnumerable<Outcome<T>> outcomes)
            where T : class
        {
            await foreach (var outcome in outcomes.ConfigureAwait(false))
            {
                if (outcome.Value != null)
                    await pipe.WriteObjectAsync(outcome.Value).ConfigureAwait(false);
                else
                    await pipe.WriteErrorAsync(ErrorRecordFactory.FromFailure(outcome.Failure!)).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Runs <paramref name="work"/> in every account–region session of the current input (<see cref="AwsCmdlet.Sessions"/>),
        /// at most -ThrottleLimit at once, streaming results as each answers; one failing session is one error naming it.
        /// </summary>
        protected IAsyncEnumerable<Outcome<T>> InEverySession<T>(Func<AwsSession, CancellationToken, IAsyncEnumerable<Outcome<T>>> work, CancellationToken cancellationToken)
            where T : class =>
            SessionFanOut.RunAsync(Sessions, work, ThrottleLimit, cancellationToken);

        /// <summary>
        /// Like <see cref="InEverySession{T}"/> for a lookup by instance id: each id is found where it lives, and an id no
        /// session has is one error naming it and the accounts and regions searched.
        /// </summary>
        protected IAsyncEnumerable<Outcome<T>> WhereEachLives<T>(IReadOnlyList<string> ids, Func<AwsSession, CancellationToken, IAsyncEnumerable<Outcome<T>>> work, Func<T, string?> idOf, CancellationToken cancellationToken)
            where T : class =>
            SessionFanOut.LocateAsync(Sessions, ids, work, idOf, ThrottleLimit, cancellationToken);

        /// <summary>
        /// <paramref name="outcomes"/> of <paramref name="session"/>, each object that names no account given the session's
        /// (<see cref="AccountOfAsync"/>): STS is asked only once such an object comes, so a listing that finds nothing,
        /// or reads through a role, makes no extra call.
        /// </summary>
        private protected async IAsyncEnumerable<Outcome<T>> InAccountAsync<T>(AwsSession session, IAsyncEnumerable<Outcome<T>> outcomes, IOperationReporter reporter, [EnumeratorCancellation] CancellationToken cancellationToken)
            where T : class, IAccountScoped<T>
        {
            await foreach (var outcome in outcomes.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (outcome.Value is { AccountId: null } value)
                    yield return Outcome<T>.Success(value.InAccount(await AccountOfAsync(session, reporter, cancellationToken).ConfigureAwait(false)));
                else
                    yield return outcome;
            }
        }

        /// <summary>
        /// The account <paramref name="session"/>'s objects are in: its role's, else its credentials' own, which
        /// <see cref="CallerAccounts"/> asks STS once per credentials for the process. When that cannot be read the objects
        /// keep an empty AccountId and the command writes one warning naming why (once per credentials, however many
        /// regions and objects); the listing goes on.
        /// </summary>
        private protected Task<string?> AccountOfAsync(AwsSession session, IOperationReporter reporter, CancellationToken cancellationToken)
        {
            if (session.AccountId is { } known)
                return Task.FromResult<string?>(known);
            return _accounts.GetOrAdd(session, s => new Lazy<Task<string?>>(async () =>
            {
                var account = await Services.Accounts.OfAsync(s, cancellationToken).ConfigureAwait(false);
                if (account.Failure is { } failure)
                {
                    bool first;
                    lock (_accountWarnings)
                        first = _accountWarnings.Add(account);
                    if (first)
                    {
                        reporter.Warning($"AccountId is left empty on what {_commandName} read with the credentials from {s.CredentialSource}: "
                            + $"their account could not be read ({failure.Message.TrimEnd('.')}). Everything else is listed. "
                            + "To have the account named, let this machine reach STS (sts.amazonaws.com, a regional STS endpoint or an STS VPC endpoint), "
                            + "or read through a role: -RoleArn, or -AccountId with -RoleName.");
                    }
                }
                return account.AccountId;
            })).Value;
        }

        /// <summary>The target object of a terminating error: the cmdlet's current input, never the cmdlet.</summary>
        protected virtual object TerminatingTarget => Session?.RegionName ?? MyInvocation.MyCommand.Name;

        private static bool IsPipelineFlow(Exception ex) =>
            ex is PipelineStoppedException || ex is ActionPreferenceStopException || ex is HaltCommandException;
    }
}
