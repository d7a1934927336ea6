using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;
using static AwsPatch.Sandbox.Ssm.MaintenanceWindowRequests;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// A window's targets and tasks: Register/Deregister/DescribeMaintenanceWindowTargets (INSTANCE targets by InstanceIds or
/// tag:Key, RESOURCE_GROUP by resource-groups:Name; Safe deregistration refuses a target a task uses) and
/// Register/Deregister/DescribeMaintenanceWindowTasks plus GetMaintenanceWindowTask (the invocation parameters, kept as sent).
/// </summary>
internal sealed partial class SsmMaintenanceWindowTaskHandler : ISsmHandler
{
    public IReadOnlyCollection<string> Operations { get; } =
    [
        "RegisterTargetWithMaintenanceWindow", "DeregisterTargetFromMaintenanceWindow", "DescribeMaintenanceWindowTargets",
        "RegisterTaskWithMaintenanceWindow", "DeregisterTaskFromMaintenanceWindow", "DescribeMaintenanceWindowTasks", "GetMaintenanceWindowTask",
    ];

    public void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        switch (call.Operation)
        {
            case "RegisterTargetWithMaintenanceWindow": RegisterTarget(call, request, json); break;
            case "DeregisterTargetFromMaintenanceWindow": DeregisterTarget(call, request, json); break;
            case "DescribeMaintenanceWindowTargets": DescribeTargets(call, request, json); break;
            case "RegisterTaskWithMaintenanceWindow": RegisterTask(call, request, json); break;
            case "DeregisterTaskFromMaintenanceWindow": DeregisterTask(call, request, json); break;
            case "DescribeMaintenanceWindowTasks": DescribeTasks(call, request, json); break;
            default: GetTask(call, request, json); break;
        }
    }

    private static void RegisterTarget(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var windowId = WindowId(request);
        var resourceType = SsmRequestReader.RequiredString(request, "ResourceType", 1, 64);
        if (resourceType is not ("INSTANCE" or "RESOURCE_GROUP"))
            throw SsmRequestReader.Validation(resourceType, "resourceType", "Member must satisfy enum value set: [INSTANCE, RESOURCE_GROUP]");
        if (!request.TryGetProperty("Targets", out _)) throw SsmRequestReader.Validation("null", "targets", "Member must not be null");
        var targets = Targets(request);
        if (targets.Count == 0) throw new AwsApiException("ValidationException", "Targets must contain at least one target.");
        foreach (var (key, values) in targets)
        {
            var valid = resourceType == "INSTANCE"
                ? key == "InstanceIds" || key.StartsWith("tag:", StringComparison.Ordinal) && key.Length > 4
                : key is "resource-groups:Name" or "resource-groups:ResourceTypeFilters";
            if (!valid)
                throw new AwsApiException("ValidationException", $"Invalid target key {key} for resource type {resourceType}.");
            if (values.Count == 0) throw new AwsApiException("ValidationException", $"Target {key} has no values.");
            if (key == "InstanceIds" && values.FirstOrDefault(v => !InstanceIdPattern().IsMatch(v)) is { } bad)
                throw new AwsApiException("ValidationException", $"Invalid instance id {bad}.");
        }
        var target = new SandboxWindowTarget
        {
            WindowTargetId = Guid.NewGuid().ToString("D"),
            ResourceType = resourceType,
            Targets = targets,
            OwnerInformation = SsmRequestReader.String(request, "OwnerInformation"),
            Name = Name(request, required: false),
            Description = Description(request),
            ClientToken = SsmRequestReader.String(request, "ClientToken"),
            RequestFingerprint = Fingerprint(request),
        };
        var id = target.WindowTargetId;
        call.Sandbox.State.Update(_ =>
        {
            var window = Find(call, windowId);
            if (Replayed(window.Targets, target) is { } earlier)
            {
                id = earlier.WindowTargetId;
                return;
            }
            if (window.Targets.Count >= TargetsPerWindow)
                throw new AwsApiException("ResourceLimitExceededException", $"Maintenance window {windowId} already has {TargetsPerWindow} targets.");
            window.Targets.Add(target);
        });
        json.WriteStartObject();
        json.WriteString("WindowTargetId", id);
        json.WriteEndObject();
    }

    private static void DeregisterTarget(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var windowId = WindowId(request);
        var targetId = ChildId(request, "WindowTargetId");
        var safe = request.TryGetProperty("Safe", out var s) && s.ValueKind == JsonValueKind.True;
        call.Sandbox.State.Update(_ =>
        {
            var window = Find(call, windowId);
            var target = window.Targets.FirstOrDefault(t => t.WindowTargetId == targetId)
                ?? throw new AwsApiException("DoesNotExistException", $"Maintenance window target {targetId} does not exist in {windowId}");
            if (safe && window.Tasks.Any(t => UsesTarget(t, targetId)))
                throw new AwsApiException("TargetInUseException", $"Maintenance window target {targetId} is used by a task of {windowId}.");
            window.Targets.Remove(target);
        });
        json.WriteStartObject();
        json.WriteString("WindowId", windowId);
        json.WriteString("WindowTargetId", targetId);
        json.WriteEndObject();
    }

    private static void DescribeTargets(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var maxResults = MaxResults(request);   // SSM validates the request before it looks the window up
        var window = Find(call, WindowId(request));
        var filters = Filters(request, "Type", "WindowTargetId", "OwnerInformation");
        var targets = call.Sandbox.State.Read(_ => window.Targets.ToList()).Where(t => filters.All(f => f.Values.Contains(f.Key switch
        {
            "Type" => t.ResourceType,
            "WindowTargetId" => t.WindowTargetId,
            _ => t.OwnerInformation ?? "",
        }, StringComparer.Ordinal)));
        var fingerprint = window.WindowId + "|" + string.Join(";", filters.Select(f => f.Key + "=" + string.Join(",", f.Values)));
        var (page, next) = Page(call, request, targets, t => t.WindowTargetId, maxResults, fingerprint);
        json.WriteStartObject();
        json.WriteStartArray("Targets");
        foreach (var target in page)
        {
            json.WriteStartObject();
            json.WriteString("WindowId", window.WindowId);
            json.WriteString("WindowTargetId", target.WindowTargetId);
            json.WriteString("ResourceType", target.ResourceType);
            WriteTargets(json, target.Targets);
            if (target.OwnerInformation is not null) json.WriteString("OwnerInformation", target.OwnerInformation);
            if (target.Name is not null) json.WriteString("Name", target.Name);
            if (target.Description is not null) json.WriteString("Description", target.Description);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (next is not null) json.WriteString("NextToken", next);
        json.WriteEndObject();
    }

    private static void RegisterTask(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var windowId = WindowId(request);
        var taskArn = SsmRequestReader.RequiredString(request, "TaskArn", 1, 1600);
        var taskType = SsmRequestReader.RequiredString(request, "TaskType", 1, 64);
        if (taskType is not ("RUN_COMMAND" or "AUTOMATION" or "STEP_FUNCTIONS" or "LAMBDA"))
            throw SsmRequestReader.Validation(taskType, "taskType", "Member must satisfy enum value set: [RUN_COMMAND, AUTOMATION, STEP_FUNCTIONS, LAMBDA]");
        var maxConcurrency = SsmRequestReader.String(request, "MaxConcurrency");
        if (maxConcurrency is not null && !ConcurrencyPattern().IsMatch(maxConcurrency))
            throw SsmRequestReader.Validation(maxConcurrency, "maxConcurrency", "Member must satisfy regular expression pattern: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$");
        var maxErrors = SsmRequestReader.String(request, "MaxErrors");
        if (maxErrors is not null && !ErrorsPattern().IsMatch(maxErrors))
            throw SsmRequestReader.Validation(maxErrors, "maxErrors", "Member must satisfy regular expression pattern: ^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$");
        var priority = SsmRequestReader.Int(request, "Priority", 0, int.MaxValue) ?? 1;
        var cutoffBehavior = SsmRequestReader.String(request, "CutoffBehavior");
        if (cutoffBehavior is not null and not ("CONTINUE_TASK" or "CANCEL_TASK"))
            throw SsmRequestReader.Validation(cutoffBehavior, "cutoffBehavior", "Member must satisfy enum value set: [CONTINUE_TASK, CANCEL_TASK]");
        var targets = Targets(request);
        JsonElement? invocation = request.TryGetProperty("TaskInvocationParameters", out var p) && p.ValueKind == JsonValueKind.Object ? p.Clone() : null;
        var task = new SandboxWindowTask
        {
            WindowTaskId = Guid.NewGuid().ToString("D"),
            TaskArn = taskArn,
            TaskType = taskType,
            Targets = targets,
            TaskInvocationParameters = invocation,
            Priority = priority,
            MaxConcurrency = maxConcurrency,
            MaxErrors = maxErrors,
            ServiceRoleArn = SsmRequestReader.String(request, "ServiceRoleArn"),
            Name = Name(request, required: false),
            Description = Description(request),
            CutoffBehavior = cutoffBehavior,
            ClientToken = SsmRequestReader.String(request, "ClientToken"),
            RequestFingerprint = Fingerprint(request),
        };
        var id = task.WindowTaskId;
        call.Sandbox.State.Update(_ =>
        {
            var window = Find(call, windowId);
            if (Replayed(window.Tasks, task) is { } earlier)
            {
                id = earlier.WindowTaskId;
                return;
            }
            foreach (var (key, values) in targets)
            {
                if (key == "WindowTargetIds")
                {
                    if (values.FirstOrDefault(v => window.Targets.All(t => t.WindowTargetId != v)) is { } missing)
                        throw new AwsApiException("DoesNotExistException", $"Maintenance window target {missing} does not exist in {windowId}");
                }
                else if (key != "InstanceIds" || !window.AllowUnassociatedTargets)
                    throw new AwsApiException("ValidationException", window.AllowUnassociatedTargets
                        ? $"Invalid task target key {key}: use WindowTargetIds or InstanceIds."
                        : $"Maintenance window {windowId} does not allow unregistered targets: a task targets WindowTargetIds.");
            }
            if (taskType == "RUN_COMMAND" && targets.Count > 0 && (maxConcurrency is null || maxErrors is null))
                throw new AwsApiException("ValidationException", "MaxConcurrency and MaxErrors are required for a task with targets.");
            if (window.Tasks.Count >= TasksPerWindow)
                throw new AwsApiException("ResourceLimitExceededException", $"Maintenance window {windowId} already has {TasksPerWindow} tasks.");
            window.Tasks.Add(task);
        });
        json.WriteStartObject();
        json.WriteString("WindowTaskId", id);
        json.WriteEndObject();
    }

    private static void DeregisterTask(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var windowId = WindowId(request);
        var taskId = ChildId(request, "WindowTaskId");
        call.Sandbox.State.Update(_ =>
        {
            var window = Find(call, windowId);
            if (window.Tasks.RemoveAll(t => t.WindowTaskId == taskId) == 0)
                throw new AwsApiException("DoesNotExistException", $"Maintenance window task {taskId} does not exist in {windowId}");
        });
        json.WriteStartObject();
        json.WriteString("WindowId", windowId);
        json.WriteString("WindowTaskId", taskId);
        json.WriteEndObject();
    }

    private static void DescribeTasks(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var maxResults = MaxResults(request);   // SSM validates the request before it looks the window up
        var window = Find(call, WindowId(request));
        var filters = Filters(request, "WindowTaskId", "TaskArn", "Priority", "TaskType");
        var tasks = call.Sandbox.State.Read(_ => window.Tasks.ToList()).Where(t => filters.All(f => f.Values.Contains(f.Key switch
        {
            "WindowTaskId" => t.WindowTaskId,
            "TaskArn" => t.TaskArn,
            "Priority" => t.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => t.TaskType,
        }, StringComparer.Ordinal)));
        var fingerprint = window.WindowId + "|" + string.Join(";", filters.Select(f => f.Key + "=" + string.Join(",", f.Values)));
        var (page, next) = Page(call, request, tasks, t => t.WindowTaskId, maxResults, fingerprint);
        json.WriteStartObject();
        json.WriteStartArray("Tasks");
        foreach (var task in page)
        {
            json.WriteStartObject();
            WriteTask(json, window.WindowId, task);
            json.WriteString("Type", task.TaskType);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (next is not null) json.WriteString("NextToken", next);
        json.WriteEndObject();
    }

    private static void GetTask(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var windowId = WindowId(request);
        var taskId = ChildId(request, "WindowTaskId");
        var window = Find(call, windowId);
        var task = call.Sandbox.State.Read(_ => window.Tasks.FirstOrDefault(t => t.WindowTaskId == taskId))
            ?? throw new AwsApiException("DoesNotExistException", $"Maintenance window task {taskId} does not exist in {windowId}");
        json.WriteStartObject();
        WriteTask(json, windowId, task);
        json.WriteString("TaskType", task.TaskType);
        if (task.TaskInvocationParameters is { } invocation)
        {
            json.WritePropertyName("TaskInvocationParameters");
            invocation.WriteTo(json);
        }
        json.WriteEndObject();
    }

    private static void WriteTask(Utf8JsonWriter json, string windowId, SandboxWindowTask task)
    {
        json.WriteString("WindowId", windowId);
        json.WriteString("WindowTaskId", task.WindowTaskId);
        json.WriteString("TaskArn", task.TaskArn);
        WriteTargets(json, task.Targets);
        json.WriteNumber("Priority", task.Priority);
        if (task.ServiceRoleArn is not null) json.WriteString("ServiceRoleArn", task.ServiceRoleArn);
        if (task.MaxConcurrency is not null) json.WriteString("MaxConcurrency", task.MaxConcurrency);
        if (task.MaxErrors is not null) json.WriteString("MaxErrors", task.MaxErrors);
        if (task.Name is not null) json.WriteString("Name", task.Name);
        if (task.Description is not null) json.WriteString("Description", task.Description);
        if (task.CutoffBehavior is not null) json.WriteString("CutoffBehavior", task.CutoffBehavior);
    }

    private static bool UsesTarget(SandboxWindowTask task, string targetId) =>
        task.Targets.Any(t => t.Key == "WindowTargetIds" && t.Values.Contains(targetId, StringComparer.Ordinal));

    [GeneratedRegex("^i-[0-9a-f]{8,17}$|^mi-[0-9a-f]{17}$")]
    private static partial Regex InstanceIdPattern();

    [GeneratedRegex("^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$")]
    private static partial Regex ConcurrencyPattern();

    [GeneratedRegex("^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$")]
    private static partial Regex ErrorsPattern();
}
