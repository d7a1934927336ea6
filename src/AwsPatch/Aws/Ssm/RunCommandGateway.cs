using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Aws
{
    /// <summary><see cref="IRunCommandGateway"/> over the AWS SDK's Systems Manager client.</summary>
    internal sealed class RunCommandGateway : IRunCommandGateway
    {
        private readonly IAmazonSimpleSystemsManagement _client;

        public RunCommandGateway(IAmazonSimpleSystemsManagement client)
        {
            _client = client;
        }

        public async Task<RunCommandRecord> SendCommandAsync(RunCommandSpec spec, CancellationToken cancellationToken)
        {
            var request = new SendCommandRequest
            {
                DocumentName = spec.DocumentName,
                Parameters = spec.Parameters.ToDictionary(p => p.Key, p => p.Value.ToList()),
                Comment = spec.Comment,
                MaxConcurrency = spec.MaxConcurrency,
                MaxErrors = spec.MaxErrors,
                TimeoutSeconds = spec.TimeoutSeconds,
                OutputS3BucketName = spec.OutputS3BucketName,
            };
            if (spec.InstanceIds.Count > 0)
                request.InstanceIds = spec.InstanceIds.ToList();
            else
                request.Targets = spec.Targets.Select(t => new Target { Key = t.Key, Values = t.Value.ToList() }).ToList();
            if (spec.CloudWatchOutput)
                request.CloudWatchOutputConfig = new CloudWatchOutputConfig { CloudWatchOutputEnabled = true };
            if (!string.IsNullOrEmpty(spec.AlarmName))
                request.AlarmConfiguration = new AlarmConfiguration { Alarms = new List<Alarm> { new Alarm { Name = spec.AlarmName } } };
            var response = await AwsErrors.CallAsync("ssm:SendCommand", () => _client.SendCommandAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return Map(response.Command);
        }

        public async Task<Page<RunCommandRecord>> ListCommandsAsync(RunCommandQuery query, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new ListCommandsRequest { CommandId = query.CommandId, MaxResults = maxResults, NextToken = nextToken };
            var filters = new List<CommandFilter>();
            if (query.DocumentName != null)
                filters.Add(new CommandFilter { Key = CommandFilterKey.DocumentName, Value = query.DocumentName });
            if (query.InvokedAfter is { } after)
                filters.Add(new CommandFilter { Key = CommandFilterKey.InvokedAfter, Value = after.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) });
            if (query.ExecutingOnly)
                filters.Add(new CommandFilter { Key = CommandFilterKey.ExecutionStage, Value = "Executing" });
            if (filters.Count > 0)
                request.Filters = filters;
            var response = await AwsErrors.CallAsync("ssm:ListCommands", () => _client.ListCommandsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new Page<RunCommandRecord>((response.Commands ?? new List<Command>()).Select(Map).ToList(), response.NextToken);
        }

        public async Task<Page<RunInvocationRecord>> ListCommandInvocationsAsync(string commandId, bool details, int maxResults, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new ListCommandInvocationsRequest { CommandId = commandId, Details = details, MaxResults = maxResults, NextToken = nextToken };
            var response = await AwsErrors.CallAsync("ssm:ListCommandInvocations", () => _client.ListCommandInvocationsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.CommandInvocations ?? new List<CommandInvocation>()).Select(i =>
            {
                var plugins = i.CommandPlugins ?? new List<CommandPlugin>();
                var output = plugins.Count == 0 ? null : string.Join("\n", plugins.Select(p => p.Output ?? string.Empty));
                return new RunInvocationRecord
                {
                    CommandId = i.CommandId,
                    InstanceId = i.InstanceId,
                    Comment = i.Comment ?? string.Empty,
                    Status = i.Status?.Value ?? string.Empty,
                    StatusDetails = i.StatusDetails ?? string.Empty,
                    RequestedDateTime = i.RequestedDateTime?.ToUniversalTime(),
                    StartedAt = plugins.Select(p => p.ResponseStartDateTime).Where(d => d.HasValue).Select(d => d!.Value.ToUniversalTime()).Cast<System.DateTime?>().FirstOrDefault(),
                    CompletedAt = plugins.Select(p => p.ResponseFinishDateTime).Where(d => d.HasValue).Select(d => d!.Value.ToUniversalTime()).Cast<System.DateTime?>().LastOrDefault(),
                    ResponseCode = plugins.Select(p => p.ResponseCode).FirstOrDefault(c => c.HasValue),
                    Output = output,
                    StandardOutputUrl = string.IsNullOrEmpty(i.StandardOutputUrl) ? null : i.StandardOutputUrl,
                };
            }).ToList();
            return new Page<RunInvocationRecord>(items, response.NextToken);
        }

        public async Task CancelCommandAsync(string commandId, CancellationToken cancellationToken)
        {
            var request = new CancelCommandRequest { CommandId = commandId };
            await AwsErrors.CallAsync("ssm:CancelCommand", () => _client.CancelCommandAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        private static RunCommandRecord Map(Command command) => new RunCommandRecord
        {
            CommandId = command.CommandId,
            DocumentName = command.DocumentName ?? string.Empty,
            Comment = command.Comment ?? string.Empty,
            Parameters = (command.Parameters ?? new Dictionary<string, List<string>>()).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)(p.Value ?? new List<string>())),
            InstanceIds = command.InstanceIds ?? new List<string>(),
            HasTargets = command.Targets != null && command.Targets.Count > 0,
            RequestedDateTime = command.RequestedDateTime?.ToUniversalTime(),
            Status = command.Status?.Value ?? string.Empty,
            StatusDetails = command.StatusDetails ?? string.Empty,
            TargetCount = command.TargetCount ?? 0,
            CompletedCount = command.CompletedCount ?? 0,
            ErrorCount = command.ErrorCount ?? 0,
            TriggeredAlarms = (command.TriggeredAlarms ?? new List<AlarmStateInformation>()).Select(a => a.Name).ToList(),
        };
    }
}
