using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The Systems Manager Run Command calls the patch-run service makes, in SDK-free terms. Throws <see cref="AwsCallException"/>.</summary>
    public interface IRunCommandGateway
    {
        /// <summary>SendCommand: at most <see cref="RunCommandLimits.InstanceIdsPerSend"/> instance ids, or targets.</summary>
        Task<RunCommandRecord> SendCommandAsync(RunCommandSpec spec, CancellationToken cancellationToken);

        /// <summary>One page of ListCommands.</summary>
        Task<Page<RunCommandRecord>> ListCommandsAsync(RunCommandQuery query, int maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>One page of ListCommandInvocations for one command; <paramref name="details"/> adds the plugin output.</summary>
        Task<Page<RunInvocationRecord>> ListCommandInvocationsAsync(string commandId, bool details, int maxResults, string? nextToken, CancellationToken cancellationToken);

        /// <summary>CancelCommand for every invocation of the command that has not finished.</summary>
        Task CancelCommandAsync(string commandId, CancellationToken cancellationToken);
    }
}
