using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// Run Command for the AWS-RunPatchBaseline document (and the AWS-RunShellScript / AWS-RunPowerShellScript documents,
/// <see cref="ScriptDocuments"/>): SendCommand, ListCommands, ListCommandInvocations,
/// GetCommandInvocation and CancelCommand, with the model's limits and errors. Invocations progress with the
/// simulated clock (<see cref="RunCommandSimulation"/>); every call first plays the region's commands forward to now.
/// </summary>
internal sealed partial class SsmRunCommandHandler : ISsmHandler
{
    public const string PatchDocument = "AWS-RunPatchBaseline";
    private const int MaxIds = 50;
    private const int MaxPage = 50;

    private static readonly Dictionary<string, string[]?> DocumentParameters = new(StringComparer.Ordinal)
    {
        ["Operation"] = ["Scan", "Install"],
        ["RebootOption"] = ["RebootIfNeeded", "NoReboot"],
        ["SnapshotId"] = null,
        ["InstallOverrideList"] = null,
        ["BaselineOverride"] = null,
        ["AssociationId"] = null,
    };

    private static readonly string[] FilterKeys = ["InvokedAfter", "InvokedBefore", "Status", "ExecutionStage", "DocumentName"];

    [GeneratedRegex(@"(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)")]
    private static partial Regex InstanceIdPattern();

    /// <summary>The model's SnapshotId shape (a GUID); the document's default is the empty string (no snapshot).</summary>
    [GeneratedRegex(@"^$|^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex SnapshotIdPattern();

    [GeneratedRegex(@"^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$")]
    private static partial Regex MaxConcurrencyPattern();

    [GeneratedRegex(@"^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$")]
    private static partial Regex MaxErrorsPattern();

    public IReadOnlyCollection<string> Operations { get; } =
        ["SendCommand", "ListCommands", "ListCommandInvocations", "GetCommandInvocation", "CancelCommand"];

    public void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var now = call.Sandbox.Clock.UtcNow;
        switch (call.Operation)
        {
            case "SendCommand": Send(call, request, json, now); break;
            case "ListCommands": ListCommands(call, request, json, now); break;
            case "ListCommandInvocations": ListInvocations(call, request, json, now); break;
            case "GetCommandInvocation": GetInvocation(call, request, json, now); break;
            case "CancelCommand": Cancel(call, request, json, now); break;
        }
    }

    private static void Send(AwsCallContext call, JsonElement request, Utf8JsonWriter json, DateTime now)
    {
        var document = SsmRequestReader.String(request, "DocumentName")
            ?? throw SsmRequestReader.Validation("null", "documentName", "Member must not be null");
        var parameters = StringListMap(request, "Parameters");
        if (document != PatchDocument)
        {
            // The AWS-owned script documents: no patching, the commands run on the instance (see ScriptDocuments).
            ScriptDocuments.Validate(document, parameters);
        }
        else
        {
            foreach (var (name, values) in parameters)
            {
                if (!DocumentParameters.TryGetValue(name, out var allowed))
                    throw new AwsApiException("InvalidParameters", $"Parameter \"{name}\" is not defined in the document {PatchDocument}.");
                if (allowed is not null && values.FirstOrDefault(v => !allowed.Contains(v, StringComparer.Ordinal)) is { } bad)
                    throw new AwsApiException("InvalidParameters", $"Parameter \"{name}\" has value \"{bad}\" not in the allowed values [{string.Join(", ", allowed)}].");
            }
        }

        if (parameters.TryGetValue("SnapshotId", out var snapshot) && snapshot.FirstOrDefault(v => !SnapshotIdPattern().IsMatch(v)) is { } badSnapshot)
            throw new AwsApiException("InvalidParameters",
                $"Parameter \"SnapshotId\" \"{badSnapshot}\" failed to satisfy constraint: allowedPattern {SnapshotIdPattern()} (a GUID such as {Guid.Empty}, or empty).");
        if (parameters.FirstOrDefault(p => p.Value.Count > 1 && !ScriptDocuments.IsList(document, p.Key)) is { Value: { } many } p)
            throw new AwsApiException("InvalidParameters", $"Parameter \"{p.Key}\" takes one value; got {many.Count}.");

        if (document == PatchDocument && !parameters.ContainsKey("Operation"))
            throw new AwsApiException("InvalidParameters", "Parameter \"Operation\" is required by the document AWS-RunPatchBaseline.");

        var ids = StringList(request, "InstanceIds");
        var targets = TargetList(request);
        if (ids.Count > MaxIds)
            throw SsmRequestReader.Validation($"[{string.Join(", ", ids)}]", "instanceIds", $"Member must have length less than or equal to {MaxIds}");
        if (ids.Count > 0 && targets.Count > 0)
            throw new AwsApiException("ValidationException", "InstanceIds and Targets cannot both be specified.");
        if (ids.Count == 0 && targets.Count == 0)
            throw new AwsApiException("ValidationException", "Either InstanceIds or Targets must be specified.");
        if (ids.FirstOrDefault(id => !InstanceIdPattern().IsMatch(id)) is { } malformed)
            throw new AwsApiException("InvalidInstanceId", $"Instance Id {malformed} is not valid.");
        if (ids.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw new AwsApiException("DuplicateInstanceId", $"Instance Id {duplicate.Key} is specified more than once.");

        var maxConcurrency = Pattern(request, "MaxConcurrency", MaxConcurrencyPattern(), @"^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$") ?? "50";
        var maxErrors = Pattern(request, "MaxErrors", MaxErrorsPattern(), @"^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$") ?? "0";
        var timeout = SsmRequestReader.Int(request, "TimeoutSeconds", 30, 2592000);
        var comment = SsmRequestReader.String(request, "Comment");
        if (comment is { Length: > 100 })
            throw SsmRequestReader.Validation(comment, "comment", "Member must have length less than or equal to 100");
        var bucket = SsmRequestReader.String(request, "OutputS3BucketName");
        if (bucket is { Length: < 3 or > 63 })
            throw SsmRequestReader.Validation(bucket, "outputS3BucketName", "Member must have length between 3 and 63");
        var (cloudWatch, logGroup) = CloudWatch(request);
        var (alarms, ignorePollAlarmFailure) = AlarmConfiguration(request);

        var command = call.Sandbox.State.Read(instances =>
        {
            var inRegion = instances.Where(i => i.Region == call.Region && i.Ssm is not null && i.State != "terminated").ToList();
            List<SandboxInstance> chosen;
            if (ids.Count > 0)
            {
                var unknown = ids.Where(id => inRegion.All(i => i.InstanceId != id)).ToList();
                if (unknown.Count > 0)
                    throw new AwsApiException("InvalidInstanceId",
                        $"Instances [[{string.Join(", ", unknown)}]] not in a valid state for account {call.Sandbox.State.AccountId}");
                chosen = ids.Select(id => inRegion.First(i => i.InstanceId == id)).ToList();
            }
            else
            {
                chosen = inRegion.Where(i => targets.All(t => MatchesTarget(i, t.Key, t.Values)))
                    .OrderBy(i => i.InstanceId, StringComparer.Ordinal).ToList();
            }

            var simulation = call.Sandbox.State.RunCommands;
            simulation.AdvanceTo(now);
            var created = new SandboxCommand
            {
                CommandId = Guid.NewGuid().ToString(),
                Region = call.Region,
                DocumentName = document,
                Comment = comment,
                Parameters = parameters,
                InstanceIds = ids,
                Targets = targets,
                RequestedDateTime = now,
                MaxConcurrency = maxConcurrency,
                MaxErrors = maxErrors,
                TimeoutSeconds = timeout,
                OutputS3BucketName = bucket,
                OutputS3KeyPrefix = SsmRequestReader.String(request, "OutputS3KeyPrefix"),
                CloudWatchOutputEnabled = cloudWatch,
                CloudWatchLogGroupName = logGroup,
                AlarmNames = alarms,
                IgnorePollAlarmFailure = ignorePollAlarmFailure,
            };
            foreach (var instance in chosen)
            {
                var fault = simulation.FaultOf(instance.InstanceId);
                if (instance.Ssm!.PingStatus != "Online") fault = CommandFault.Undeliverable;
                created.Invocations.Add(new SandboxInvocation
                {
                    CommandId = created.CommandId,
                    InstanceId = instance.InstanceId,
                    InstanceName = instance.Ssm.ComputerName ?? instance.EffectivePrivateDnsName,
                    PlatformType = instance.Ssm.PlatformType,
                    DocumentName = document,
                    Outcome = fault,
                });
            }

            simulation.Commands.Add(created);
            call.Sandbox.Consistency.Created(created.CommandId);
            simulation.CheckAlarms(created, now);
            simulation.AdvanceTo(now);
            return created;
        });

        call.Sandbox.State.Read(_ =>
        {
            json.WriteStartObject();
            json.WritePropertyName("Command");
            WriteCommand(json, command);
            json.WriteEndObject();
            return 0;
        });
    }

    private static void ListCommands(AwsCallContext call, JsonElement request, Utf8JsonWriter json, DateTime now)
    {
        var (commandId, instanceId, maxResults, filters) = ListArguments(request, allowExecutionStage: true);
        var fingerprint = $"{call.Region}|{commandId}|{instanceId}|{string.Join(";", filters.Select(f => f.Key + "=" + f.Value))}";
        var after = After(request, call.Operation, fingerprint);
        call.Sandbox.State.Read(_ =>
        {
            var commands = VisibleCommands(call, commandId, now);
            if (commandId is not null && commands.Count == 0)
                throw InvalidCommandId();
            var matching = commands.Where(c => (instanceId is null || c.Invocations.Any(i => i.InstanceId == instanceId))
                    && filters.All(f => MatchesFilter(c.RequestedDateTime, c.Status, c.StatusDetails, c.DocumentName, f.Key, f.Value, c.IsTerminal)));
            var (page, last) = PageToken.Slice(matching, NewestFirstKey, after, call.Sandbox.Consistency.PageSize(maxResults));

            json.WriteStartObject();
            json.WriteStartArray("Commands");
            foreach (var command in page) WriteCommand(json, command);
            json.WriteEndArray();
            if (last is not null) json.WriteString("NextToken", PageToken.Create(call.Operation, fingerprint, last));
            json.WriteEndObject();
            return 0;
        });
    }

    /// <summary>The region's commands (only <paramref name="commandId"/>, when given) as the lists show them now: the simulation advanced, and under eventual consistency without those not visible yet. Call under the state's lock.</summary>
    private static List<SandboxCommand> VisibleCommands(AwsCallContext call, string? commandId, DateTime now)
    {
        var simulation = call.Sandbox.State.RunCommands;
        simulation.AdvanceTo(now);
        return call.Sandbox.Consistency.Visible(
            simulation.Commands.Where(c => c.Region == call.Region && (commandId is null || c.CommandId == commandId)), c => c.CommandId);
    }

    private static void ListInvocations(AwsCallContext call, JsonElement request, Utf8JsonWriter json, DateTime now)
    {
        var (commandId, instanceId, maxResults, filters) = ListArguments(request, allowExecutionStage: false);
        var details = request.TryGetProperty("Details", out var d) && d.ValueKind == JsonValueKind.True;
        var fingerprint = $"{call.Region}|{commandId}|{instanceId}|{details}|{string.Join(";", filters.Select(f => f.Key + "=" + f.Value))}";
        var after = After(request, call.Operation, fingerprint);
        call.Sandbox.State.Read(_ =>
        {
            var commands = VisibleCommands(call, commandId, now);
            var matching = commands
                .SelectMany(c => c.Invocations.Select(i => (Command: c, Invocation: i)))
                .Where(p => (instanceId is null || p.Invocation.InstanceId == instanceId)
                    && filters.All(f => MatchesFilter(p.Command.RequestedDateTime, p.Invocation.Status, p.Invocation.StatusDetails, p.Command.DocumentName, f.Key, f.Value, p.Invocation.IsTerminal)));
            var (page, last) = PageToken.Slice(matching, p => NewestFirstKey(p.Command) + "|" + p.Invocation.InstanceId, after, call.Sandbox.Consistency.PageSize(maxResults));

            json.WriteStartObject();
            json.WriteStartArray("CommandInvocations");
            foreach (var (command, invocation) in page) WriteInvocation(json, command, invocation, details);
            json.WriteEndArray();
            if (last is not null) json.WriteString("NextToken", PageToken.Create(call.Operation, fingerprint, last));
            json.WriteEndObject();
            return 0;
        });
    }

    private static void GetInvocation(AwsCallContext call, JsonElement request, Utf8JsonWriter json, DateTime now)
    {
        var commandId = CommandIdOf(request, required: true)!;
        var instanceId = SsmRequestReader.String(request, "InstanceId")
            ?? throw SsmRequestReader.Validation("null", "instanceId", "Member must not be null");
        if (!InstanceIdPattern().IsMatch(instanceId))
            throw new AwsApiException("InvalidInstanceId", $"Instance Id {instanceId} is not valid.");
        var plugin = SsmRequestReader.String(request, "PluginName");
        call.Sandbox.State.Read(_ =>
        {
            var simulation = call.Sandbox.State.RunCommands;
            simulation.AdvanceTo(now);
            var command = simulation.Find(commandId);
            if (command is null || command.Region != call.Region) throw InvalidCommandId();
            var invocation = (call.Sandbox.Consistency.Hides(command.CommandId) ? null : command.Invocations.FirstOrDefault(i => i.InstanceId == instanceId))
                ?? throw new AwsApiException("InvocationDoesNotExist", "");
            if (plugin is not null && plugin != invocation.PluginName)
                throw new AwsApiException("InvalidPluginName", "");

            json.WriteStartObject();
            json.WriteString("CommandId", command.CommandId);
            json.WriteString("InstanceId", invocation.InstanceId);
            json.WriteString("Comment", command.Comment ?? "");
            json.WriteString("DocumentName", command.DocumentName);
            json.WriteString("DocumentVersion", "$DEFAULT");
            json.WriteString("PluginName", invocation.PluginName);
            json.WriteNumber("ResponseCode", invocation.ResponseCode);
            if (invocation.StartedAt is { } started)
            {
                json.WriteString("ExecutionStartDateTime", Iso(started));
                var end = invocation.EndedAt ?? now;
                json.WriteString("ExecutionElapsedTime", System.Xml.XmlConvert.ToString(end - started));
                if (invocation.EndedAt is { } ended) json.WriteString("ExecutionEndDateTime", Iso(ended));
            }

            json.WriteString("Status", invocation.Status);
            json.WriteString("StatusDetails", invocation.StatusDetails);
            json.WriteString("StandardOutputContent", invocation.Output);
            json.WriteString("StandardOutputUrl", OutputUrl(command, invocation, "stdout"));
            json.WriteString("StandardErrorContent", invocation.Status is "Failed" or "TimedOut" ? "failed to run commands: exit status 1" : "");
            json.WriteString("StandardErrorUrl", OutputUrl(command, invocation, "stderr"));
            WriteCloudWatch(json, command);
            json.WriteEndObject();
            return 0;
        });
    }

    /// <summary>SSM's InvalidCommandId, with the message its API reference gives it.</summary>
    private static AwsApiException InvalidCommandId() => new("InvalidCommandId", "The specified command ID isn't valid. Verify the ID and try again.");

    private static void Cancel(AwsCallContext call, JsonElement request, Utf8JsonWriter json, DateTime now)
    {
        var commandId = CommandIdOf(request, required: true)!;
        var ids = StringList(request, "InstanceIds");
        if (ids.Count > MaxIds)
            throw SsmRequestReader.Validation($"[{string.Join(", ", ids)}]", "instanceIds", $"Member must have length less than or equal to {MaxIds}");
        if (ids.GroupBy(i => i).FirstOrDefault(g => g.Count() > 1) is not null)
            throw new AwsApiException("DuplicateInstanceId", "");
        call.Sandbox.State.Read(_ =>
        {
            var simulation = call.Sandbox.State.RunCommands;
            var command = simulation.Find(commandId);
            if (command is null || command.Region != call.Region) throw InvalidCommandId();
            if (ids.FirstOrDefault(id => command.Invocations.All(i => i.InstanceId != id)) is { } stranger)
                throw new AwsApiException("InvalidInstanceId", $"Instance Id {stranger} is not part of command {commandId}.");
            simulation.Cancel(command, ids, now);
            json.WriteStartObject();
            json.WriteEndObject();
            return 0;
        });
    }

    private static void WriteCommand(Utf8JsonWriter json, SandboxCommand command)
    {
        json.WriteStartObject();
        json.WriteString("CommandId", command.CommandId);
        json.WriteString("DocumentName", command.DocumentName);
        json.WriteString("DocumentVersion", "$DEFAULT");
        json.WriteString("Comment", command.Comment ?? "");
        JsonProtocol.WriteTimestamp(json, "ExpiresAfter", command.ExpiresAfter);
        json.WriteStartObject("Parameters");
        foreach (var (name, values) in command.Parameters)
        {
            json.WriteStartArray(name);
            foreach (var value in values) json.WriteStringValue(value);
            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteStartArray("InstanceIds");
        foreach (var id in command.InstanceIds) json.WriteStringValue(id);
        json.WriteEndArray();
        KeyValuesJson.Write(json, "Targets", command.Targets);
        JsonProtocol.WriteTimestamp(json, "RequestedDateTime", command.RequestedDateTime);
        json.WriteString("Status", command.Status);
        json.WriteString("StatusDetails", command.StatusDetails);
        json.WriteString("OutputS3Region", command.Region);
        json.WriteString("OutputS3BucketName", command.OutputS3BucketName ?? "");
        json.WriteString("OutputS3KeyPrefix", command.OutputS3KeyPrefix ?? "");
        json.WriteString("MaxConcurrency", command.MaxConcurrency);
        json.WriteString("MaxErrors", command.MaxErrors);
        json.WriteNumber("TargetCount", command.TargetCount);
        json.WriteNumber("CompletedCount", command.CompletedCount);
        json.WriteNumber("ErrorCount", command.ErrorCount);
        json.WriteNumber("DeliveryTimedOutCount", command.DeliveryTimedOutCount);
        json.WriteString("ServiceRole", "");
        json.WriteStartObject("NotificationConfig");
        json.WriteString("NotificationArn", "");
        json.WriteStartArray("NotificationEvents");
        json.WriteEndArray();
        json.WriteString("NotificationType", "");
        json.WriteEndObject();
        WriteCloudWatch(json, command);
        json.WriteNumber("TimeoutSeconds", command.TimeoutSeconds ?? 3600);
        if (command.HasAlarmConfiguration)
        {
            json.WriteStartObject("AlarmConfiguration");
            json.WriteBoolean("IgnorePollAlarmFailure", command.IgnorePollAlarmFailure);
            json.WriteStartArray("Alarms");
            foreach (var name in command.AlarmNames)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        if (command.TriggeredAlarm is { } triggered)
        {
            json.WriteStartArray("TriggeredAlarms");
            json.WriteStartObject();
            json.WriteString("Name", triggered);
            json.WriteString("State", "ALARM");
            json.WriteEndObject();
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter json, SandboxCommand command, SandboxInvocation invocation, bool details)
    {
        json.WriteStartObject();
        json.WriteString("CommandId", command.CommandId);
        json.WriteString("InstanceId", invocation.InstanceId);
        json.WriteString("InstanceName", invocation.InstanceName ?? "");
        json.WriteString("Comment", command.Comment ?? "");
        json.WriteString("DocumentName", command.DocumentName);
        json.WriteString("DocumentVersion", "$DEFAULT");
        JsonProtocol.WriteTimestamp(json, "RequestedDateTime", command.RequestedDateTime);
        json.WriteString("Status", invocation.Status);
        json.WriteString("StatusDetails", invocation.StatusDetails);
        json.WriteString("TraceOutput", "");
        json.WriteString("StandardOutputUrl", OutputUrl(command, invocation, "stdout"));
        json.WriteString("StandardErrorUrl", OutputUrl(command, invocation, "stderr"));
        json.WriteStartArray("CommandPlugins");
        if (details)
        {
            json.WriteStartObject();
            json.WriteString("Name", invocation.PluginName);
            json.WriteString("Status", invocation.Status);
            json.WriteString("StatusDetails", invocation.StatusDetails);
            json.WriteNumber("ResponseCode", invocation.ResponseCode);
            if (invocation.StartedAt is { } started) JsonProtocol.WriteTimestamp(json, "ResponseStartDateTime", started);
            if (invocation.EndedAt is { } ended && invocation.StartedAt is not null) JsonProtocol.WriteTimestamp(json, "ResponseFinishDateTime", ended);
            json.WriteString("Output", invocation.Output.Length > 2500 ? invocation.Output[^2500..] : invocation.Output);
            json.WriteString("StandardOutputUrl", OutputUrl(command, invocation, "stdout"));
            json.WriteString("StandardErrorUrl", OutputUrl(command, invocation, "stderr"));
            json.WriteString("OutputS3Region", command.Region);
            json.WriteString("OutputS3BucketName", command.OutputS3BucketName ?? "");
            json.WriteString("OutputS3KeyPrefix", command.OutputS3KeyPrefix ?? "");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("ServiceRole", "");
        WriteCloudWatch(json, command);
        json.WriteEndObject();
    }

    private static void WriteCloudWatch(Utf8JsonWriter json, SandboxCommand command)
    {
        json.WriteStartObject("CloudWatchOutputConfig");
        json.WriteString("CloudWatchLogGroupName", command.CloudWatchLogGroupName ?? "");
        json.WriteBoolean("CloudWatchOutputEnabled", command.CloudWatchOutputEnabled);
        json.WriteEndObject();
    }

    private static string OutputUrl(SandboxCommand command, SandboxInvocation invocation, string stream)
    {
        if (command.OutputS3BucketName is null || invocation.StartedAt is null) return "";
        var prefix = string.IsNullOrEmpty(command.OutputS3KeyPrefix) ? "" : command.OutputS3KeyPrefix.TrimEnd('/') + "/";
        return $"https://s3.{command.Region}.amazonaws.com/{command.OutputS3BucketName}/{prefix}{command.CommandId}/{invocation.InstanceId}/awsrunShellScript/{invocation.PluginName}/{stream}";
    }

    private static (string? CommandId, string? InstanceId, int MaxResults, List<(string Key, string Value)> Filters) ListArguments(JsonElement request, bool allowExecutionStage)
    {
        var commandId = CommandIdOf(request, required: false);
        var instanceId = SsmRequestReader.String(request, "InstanceId");
        if (instanceId is not null && !InstanceIdPattern().IsMatch(instanceId))
            throw new AwsApiException("InvalidInstanceId", $"Instance Id {instanceId} is not valid.");
        var maxResults = SsmRequestReader.Int(request, "MaxResults", 1, MaxPage) ?? MaxPage;
        var filters = new List<(string, string)>();
        if (request.TryGetProperty("Filters", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            if (list.GetArrayLength() is < 1 or > 5)
                throw SsmRequestReader.Validation("[…]", "filters", "Member must have length between 1 and 5");
            foreach (var filter in list.EnumerateArray())
            {
                var key = SsmRequestReader.String(filter, "key") ?? throw SsmRequestReader.Validation("null", "filters.member.key", "Member must not be null");
                var value = SsmRequestReader.String(filter, "value") ?? throw SsmRequestReader.Validation("null", "filters.member.value", "Member must not be null");
                if (!FilterKeys.Contains(key) || (key == "ExecutionStage" && !allowExecutionStage))
                    throw new AwsApiException("InvalidFilterKey", "");
                if (key is "InvokedAfter" or "InvokedBefore" && !DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _))
                    throw new AwsApiException("ValidationException", $"The value '{value}' of filter {key} is not a valid timestamp.");
                filters.Add((key, value));
            }
        }

        return (commandId, instanceId, maxResults, filters);
    }

    private static bool MatchesFilter(DateTime requested, string status, string statusDetails, string document, string key, string value, bool terminal) => key switch
    {
        "InvokedAfter" => requested >= Parse(value),
        "InvokedBefore" => requested <= Parse(value),
        "Status" => status == value || statusDetails.Replace(" ", "") == value,
        "DocumentName" => document == value,
        "ExecutionStage" => value == "Executing" ? !terminal : value == "Complete" && terminal,
        _ => false,
    };

    private static DateTime Parse(string value) =>
        DateTime.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string NewestFirstKey(SandboxCommand command) =>
        (DateTime.MaxValue.Ticks - command.RequestedDateTime.Ticks).ToString("D19", CultureInfo.InvariantCulture) + command.CommandId;

    private static string? After(JsonElement request, string operation, string fingerprint) =>
        SsmRequestReader.String(request, "NextToken") is { Length: > 0 } token
            ? PageToken.TryRead(token, operation, fingerprint) ?? throw new AwsApiException("InvalidNextToken", "The specified token isn't valid.")
            : null;

    private static string? CommandIdOf(JsonElement request, bool required)
    {
        var id = SsmRequestReader.String(request, "CommandId");
        if (id is null)
            return required ? throw SsmRequestReader.Validation("null", "commandId", "Member must not be null") : null;
        if (id.Length != 36)
            throw SsmRequestReader.Validation(id, "commandId", "Member must have length greater than or equal to 36");
        return id;
    }

    private static string? Pattern(JsonElement request, string member, Regex pattern, string text)
    {
        var value = SsmRequestReader.String(request, member);
        if (value is not null && (value.Length is < 1 or > 7 || !pattern.IsMatch(value)))
            throw SsmRequestReader.Validation(value, char.ToLowerInvariant(member[0]) + member[1..], $"Member must satisfy regular expression pattern: {text}");
        return value;
    }

    private static bool MatchesTarget(SandboxInstance instance, string key, List<string> values) =>
        key == "InstanceIds" ? values.Contains(instance.InstanceId)
            : instance.Tags.TryGetValue(key[4..], out var tag) && values.Contains(tag);

    private static List<string> StringList(JsonElement request, string member)
    {
        if (!request.TryGetProperty(member, out var list) || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array)
            throw new AwsApiException("SerializationException", $"Start of list found where not expected for {member}");
        return list.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList();
    }

    private static Dictionary<string, List<string>> StringListMap(JsonElement request, string member)
    {
        var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!request.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null) return map;
        if (value.ValueKind != JsonValueKind.Object)
            throw new AwsApiException("SerializationException", $"Start of map found where not expected for {member}");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array)
                throw new AwsApiException("SerializationException", $"Start of list found where not expected for {member}.{entry.Name}");
            map[entry.Name] = entry.Value.EnumerateArray().Select(v => v.GetString() ?? "").ToList();
        }

        return map;
    }

    private static List<(string Key, List<string> Values)> TargetList(JsonElement request)
    {
        var targets = new List<(string, List<string>)>();
        if (!request.TryGetProperty("Targets", out var list) || list.ValueKind == JsonValueKind.Null) return targets;
        if (list.ValueKind != JsonValueKind.Array)
            throw new AwsApiException("SerializationException", "Start of list found where not expected for Targets");
        if (list.GetArrayLength() > 5)
            throw SsmRequestReader.Validation("[…]", "targets", "Member must have length less than or equal to 5");
        foreach (var target in list.EnumerateArray())
        {
            var key = SsmRequestReader.String(target, "Key") ?? "";
            var values = StringList(target, "Values");
            if (key != "InstanceIds" && !(key.StartsWith("tag:", StringComparison.Ordinal) && key.Length > 4))
                throw new AwsApiException("ValidationException", $"Target key '{key}' is not supported. Use InstanceIds or tag:<key>.");
            // The model's TargetValues: 0 to 50 (a target with no values matches no instance).
            if (values.Count > 50)
                throw SsmRequestReader.Validation($"[{string.Join(", ", values)}]", "targets.member.values", "Member must have length less than or equal to 50");
            targets.Add((key, values));
        }

        return targets;
    }

    private static (bool Enabled, string? Group) CloudWatch(JsonElement request)
    {
        if (!request.TryGetProperty("CloudWatchOutputConfig", out var config) || config.ValueKind != JsonValueKind.Object) return (false, null);
        var enabled = config.TryGetProperty("CloudWatchOutputEnabled", out var e) && e.ValueKind == JsonValueKind.True;
        return (enabled, SsmRequestReader.String(config, "CloudWatchLogGroupName"));
    }

    /// <summary>SendCommand's AlarmConfiguration as the model has it: Alarms, exactly one {Name} (1..255, not blank), and IgnorePollAlarmFailure.</summary>
    private static (List<string> Alarms, bool IgnorePollAlarmFailure) AlarmConfiguration(JsonElement request)
    {
        if (!request.TryGetProperty("AlarmConfiguration", out var config) || config.ValueKind == JsonValueKind.Null) return ([], false);
        if (config.ValueKind != JsonValueKind.Object)
            throw new AwsApiException("SerializationException", "Start of structure found where not expected for AlarmConfiguration");
        var ignore = false;
        if (config.TryGetProperty("IgnorePollAlarmFailure", out var flag) && flag.ValueKind != JsonValueKind.Null)
        {
            ignore = flag.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new AwsApiException("SerializationException", "Unexpected value type for IgnorePollAlarmFailure; expected a boolean."),
            };
        }

        if (!config.TryGetProperty("Alarms", out var list) || list.ValueKind == JsonValueKind.Null)
            throw SsmRequestReader.Validation("null", "alarmConfiguration.alarms", "Member must not be null");
        if (list.ValueKind != JsonValueKind.Array)
            throw new AwsApiException("SerializationException", "Start of list found where not expected for AlarmConfiguration.Alarms");
        if (list.GetArrayLength() < 1)
            throw SsmRequestReader.Validation("[]", "alarmConfiguration.alarms", "Member must have length greater than or equal to 1");
        if (list.GetArrayLength() > 1)
            throw SsmRequestReader.Validation("[…]", "alarmConfiguration.alarms", "Member must have length less than or equal to 1");
        var names = new List<string>();
        var index = 0;
        foreach (var alarm in list.EnumerateArray())
        {
            var path = $"alarmConfiguration.alarms.{++index}.member.name";
            if (alarm.ValueKind != JsonValueKind.Object)
                throw new AwsApiException("SerializationException", "Start of structure found where not expected in AlarmConfiguration.Alarms");
            var name = SsmRequestReader.String(alarm, "Name") ?? throw SsmRequestReader.Validation("null", path, "Member must not be null");
            if (name.Length > 255) throw SsmRequestReader.Validation(name, path, "Member must have length less than or equal to 255");
            if (string.IsNullOrWhiteSpace(name)) throw SsmRequestReader.Validation(name, path, @"Member must satisfy regular expression pattern: ^(?!\s*$).+");
            names.Add(name);
        }

        return (names, ignore);
    }

    private static string Iso(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
