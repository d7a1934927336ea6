using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Aws
{
    /// <summary><see cref="IMaintenanceWindowGateway"/> over the AWS SDK's Systems Manager client.</summary>
    internal sealed class MaintenanceWindowGateway : IMaintenanceWindowGateway
    {
        private readonly IAmazonSimpleSystemsManagement _client;

        public MaintenanceWindowGateway(IAmazonSimpleSystemsManagement client)
        {
            _client = client;
        }

        public async Task<Page<MaintenanceWindowRecord>> DescribeWindowsAsync(IReadOnlyList<string> names, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeMaintenanceWindowsRequest { MaxResults = MaintenanceWindowLimits.PageSize, NextToken = nextToken };
            if (names.Count > 0)
                request.Filters = new List<MaintenanceWindowFilter> { new MaintenanceWindowFilter { Key = "Name", Values = names.ToList() } };
            var response = await AwsErrors.CallAsync("ssm:DescribeMaintenanceWindows", () => _client.DescribeMaintenanceWindowsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.WindowIdentities ?? new List<MaintenanceWindowIdentity>()).Select(w => new MaintenanceWindowRecord
            {
                WindowId = w.WindowId,
                Name = w.Name ?? string.Empty,
                Description = w.Description,
                Schedule = w.Schedule ?? string.Empty,
                ScheduleTimezone = Empty(w.ScheduleTimezone),
                ScheduleOffset = w.ScheduleOffset,
                StartDate = Empty(w.StartDate),
                EndDate = Empty(w.EndDate),
                NextExecutionTime = Empty(w.NextExecutionTime),
                Duration = w.Duration ?? 0,
                Cutoff = w.Cutoff ?? 0,
                Enabled = w.Enabled ?? false,
            }).ToList();
            return new Page<MaintenanceWindowRecord>(items, Empty(response.NextToken));
        }

        public async Task<MaintenanceWindowRecord?> GetWindowAsync(string windowId, CancellationToken cancellationToken)
        {
            try
            {
                var w = await AwsErrors.CallAsync("ssm:GetMaintenanceWindow", () => _client.GetMaintenanceWindowAsync(new GetMaintenanceWindowRequest { WindowId = windowId }, cancellationToken), cancellationToken).ConfigureAwait(false);
                return new MaintenanceWindowRecord
                {
                    WindowId = w.WindowId,
                    Name = w.Name ?? string.Empty,
                    Description = w.Description,
                    Schedule = w.Schedule ?? string.Empty,
                    ScheduleTimezone = Empty(w.ScheduleTimezone),
                    ScheduleOffset = w.ScheduleOffset,
                    StartDate = Empty(w.StartDate),
                    EndDate = Empty(w.EndDate),
                    NextExecutionTime = Empty(w.NextExecutionTime),
                    Duration = w.Duration ?? 0,
                    Cutoff = w.Cutoff ?? 0,
                    Enabled = w.Enabled ?? false,
                    AllowUnassociatedTargets = w.AllowUnassociatedTargets ?? false,
                    CreatedDate = w.CreatedDate?.ToUniversalTime(),
                };
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "DoesNotExistException")
            {
                return null;
            }
        }

        public async Task<Page<MaintenanceWindowTargetRecord>> DescribeTargetsAsync(string windowId, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeMaintenanceWindowTargetsRequest { WindowId = windowId, MaxResults = MaintenanceWindowLimits.PageSize, NextToken = nextToken };
            var response = await AwsErrors.CallAsync("ssm:DescribeMaintenanceWindowTargets", () => _client.DescribeMaintenanceWindowTargetsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.Targets ?? new List<MaintenanceWindowTarget>()).Select(t => new MaintenanceWindowTargetRecord
            {
                WindowTargetId = t.WindowTargetId,
                ResourceType = t.ResourceType?.Value ?? "INSTANCE",
                Targets = Pairs(t.Targets),
                Name = t.Name,
            }).ToList();
            return new Page<MaintenanceWindowTargetRecord>(items, Empty(response.NextToken));
        }

        public async Task<Page<MaintenanceWindowTaskRecord>> DescribeTasksAsync(string windowId, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new DescribeMaintenanceWindowTasksRequest { WindowId = windowId, MaxResults = MaintenanceWindowLimits.PageSize, NextToken = nextToken };
            var response = await AwsErrors.CallAsync("ssm:DescribeMaintenanceWindowTasks", () => _client.DescribeMaintenanceWindowTasksAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.Tasks ?? new List<MaintenanceWindowTask>()).Select(t => new MaintenanceWindowTaskRecord
            {
                WindowTaskId = t.WindowTaskId,
                TaskArn = t.TaskArn ?? string.Empty,
                TaskType = t.Type?.Value ?? string.Empty,
                Targets = Pairs(t.Targets),
                Priority = t.Priority ?? 0,
                MaxConcurrency = t.MaxConcurrency,
                MaxErrors = t.MaxErrors,
                Name = t.Name,
            }).ToList();
            return new Page<MaintenanceWindowTaskRecord>(items, Empty(response.NextToken));
        }

        public async Task<MaintenanceWindowTaskRecord> GetTaskAsync(string windowId, string windowTaskId, CancellationToken cancellationToken)
        {
            var request = new GetMaintenanceWindowTaskRequest { WindowId = windowId, WindowTaskId = windowTaskId };
            var t = await AwsErrors.CallAsync("ssm:GetMaintenanceWindowTask", () => _client.GetMaintenanceWindowTaskAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var parameters = t.TaskInvocationParameters?.RunCommand?.Parameters ?? new Dictionary<string, List<string>>();
            return new MaintenanceWindowTaskRecord
            {
                WindowTaskId = t.WindowTaskId,
                TaskArn = t.TaskArn ?? string.Empty,
                TaskType = t.TaskType?.Value ?? string.Empty,
                Targets = Pairs(t.Targets),
                Priority = t.Priority ?? 0,
                MaxConcurrency = t.MaxConcurrency,
                MaxErrors = t.MaxErrors,
                Name = t.Name,
                Parameters = parameters.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)(p.Value ?? new List<string>()), StringComparer.Ordinal),
            };
        }

        public async Task<string> CreateWindowAsync(MaintenanceWindowSettings settings, CancellationToken cancellationToken)
        {
            var request = new CreateMaintenanceWindowRequest
            {
                Name = settings.Name,
                Description = settings.Description,
                Schedule = settings.Schedule,
                ScheduleTimezone = settings.ScheduleTimezone,
                ScheduleOffset = settings.ScheduleOffset,
                StartDate = settings.StartDate,
                EndDate = settings.EndDate,
                Duration = settings.Duration,
                Cutoff = settings.Cutoff,
                AllowUnassociatedTargets = settings.AllowUnassociatedTargets ?? false,
                // One token per logical create, set on the request object: the SDK's retries (and a retry of this same
                // request) send it again, so a create whose answer was lost returns the window it made, not a second one.
                ClientToken = Guid.NewGuid().ToString(),
            };
            var response = await AwsErrors.CallAsync("ssm:CreateMaintenanceWindow", () => _client.CreateMaintenanceWindowAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return response.WindowId;
        }

        public Task UpdateWindowAsync(string windowId, MaintenanceWindowSettings settings, CancellationToken cancellationToken)
        {
            var request = new UpdateMaintenanceWindowRequest
            {
                WindowId = windowId,
                Name = settings.Name,
                Description = settings.Description,
                Schedule = settings.Schedule,
                ScheduleTimezone = settings.ScheduleTimezone,
                ScheduleOffset = settings.ScheduleOffset,
                StartDate = settings.StartDate,
                EndDate = settings.EndDate,
                Duration = settings.Duration,
                Cutoff = settings.Cutoff,
                Enabled = settings.Enabled,
            };
            return AwsErrors.CallAsync("ssm:UpdateMaintenanceWindow", () => _client.UpdateMaintenanceWindowAsync(request, cancellationToken), cancellationToken);
        }

        public Task DeleteWindowAsync(string windowId, CancellationToken cancellationToken) =>
            AwsErrors.CallAsync("ssm:DeleteMaintenanceWindow", () => _client.DeleteMaintenanceWindowAsync(new DeleteMaintenanceWindowRequest { WindowId = windowId }, cancellationToken), cancellationToken);

        public async Task<string> RegisterTargetAsync(string windowId, string name, IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> targets, CancellationToken cancellationToken)
        {
            var request = new RegisterTargetWithMaintenanceWindowRequest
            {
                WindowId = windowId,
                ResourceType = MaintenanceWindowResourceType.INSTANCE,
                Name = name,
                Targets = targets.Select(t => new Target { Key = t.Key, Values = t.Value.ToList() }).ToList(),
                ClientToken = Guid.NewGuid().ToString(),
            };
            var response = await AwsErrors.CallAsync("ssm:RegisterTargetWithMaintenanceWindow", () => _client.RegisterTargetWithMaintenanceWindowAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return response.WindowTargetId;
        }

        public Task DeregisterTargetAsync(string windowId, string windowTargetId, CancellationToken cancellationToken) =>
            AwsErrors.CallAsync("ssm:DeregisterTargetFromMaintenanceWindow",
                () => _client.DeregisterTargetFromMaintenanceWindowAsync(new DeregisterTargetFromMaintenanceWindowRequest { WindowId = windowId, WindowTargetId = windowTargetId, Safe = true }, cancellationToken), cancellationToken);

        public async Task<string> RegisterRunCommandTaskAsync(string windowId, MaintenanceWindowTaskRecord task, CancellationToken cancellationToken)
        {
            var request = new RegisterTaskWithMaintenanceWindowRequest
            {
                WindowId = windowId,
                TaskArn = task.TaskArn,
                TaskType = MaintenanceWindowTaskType.RUN_COMMAND,
                Name = task.Name,
                Priority = task.Priority,
                MaxConcurrency = task.MaxConcurrency,
                MaxErrors = task.MaxErrors,
                Targets = task.Targets.Select(t => new Target { Key = t.Key, Values = t.Value.ToList() }).ToList(),
                TaskInvocationParameters = new MaintenanceWindowTaskInvocationParameters
                {
                    RunCommand = new MaintenanceWindowRunCommandParameters
                    {
                        Parameters = task.Parameters.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal),
                    },
                },
                ClientToken = Guid.NewGuid().ToString(),
            };
            var response = await AwsErrors.CallAsync("ssm:RegisterTaskWithMaintenanceWindow", () => _client.RegisterTaskWithMaintenanceWindowAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            return response.WindowTaskId;
        }

        public Task DeregisterTaskAsync(string windowId, string windowTaskId, CancellationToken cancellationToken) =>
            AwsErrors.CallAsync("ssm:DeregisterTaskFromMaintenanceWindow",
                () => _client.DeregisterTaskFromMaintenanceWindowAsync(new DeregisterTaskFromMaintenanceWindowRequest { WindowId = windowId, WindowTaskId = windowTaskId }, cancellationToken), cancellationToken);

        private static IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Pairs(List<Target>? targets) =>
            (targets ?? new List<Target>()).Select(t => new KeyValuePair<string, IReadOnlyList<string>>(t.Key, (IReadOnlyList<string>)(t.Values ?? new List<string>()))).ToList();

        private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;
    }
}
