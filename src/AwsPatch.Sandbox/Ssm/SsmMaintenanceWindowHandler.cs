using System.Text.Json;
using AwsPatch.Sandbox.Protocol;
using static AwsPatch.Sandbox.Ssm.MaintenanceWindowRequests;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// Maintenance windows themselves: Create (ClientToken idempotency, 50 windows a region), Get, Update (Replace resets
/// what is not given), Delete, DescribeMaintenanceWindows (Name/Enabled filters, 10-100 a page) and
/// DescribeMaintenanceWindowSchedule (a window's next runs, or the windows whose targets name an instance or tag).
/// NextExecutionTime comes from <see cref="MaintenanceWindowCalendar"/> against the sandbox clock.
/// </summary>
internal sealed class SsmMaintenanceWindowHandler : ISsmHandler
{
    public IReadOnlyCollection<string> Operations { get; } =
        ["CreateMaintenanceWindow", "GetMaintenanceWindow", "UpdateMaintenanceWindow", "DeleteMaintenanceWindow", "DescribeMaintenanceWindows", "DescribeMaintenanceWindowSchedule"];

    public void Handle(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        switch (call.Operation)
        {
            case "CreateMaintenanceWindow": Create(call, request, json); break;
            case "GetMaintenanceWindow": Get(call, request, json); break;
            case "UpdateMaintenanceWindow": Update(call, request, json); break;
            case "DeleteMaintenanceWindow": Delete(call, request, json); break;
            case "DescribeMaintenanceWindows": Describe(call, request, json); break;
            default: Schedule(call, request, json); break;
        }
    }

    private static void Create(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var name = Name(request, required: true)!;
        var schedule = SsmRequestReader.RequiredString(request, "Schedule", 1, 256);
        var duration = SsmRequestReader.Int(request, "Duration", 1, 24) ?? throw SsmRequestReader.Validation("null", "duration", "Member must not be null");
        var cutoff = SsmRequestReader.Int(request, "Cutoff", 0, 23) ?? throw SsmRequestReader.Validation("null", "cutoff", "Member must not be null");
        if (!request.TryGetProperty("AllowUnassociatedTargets", out var allow) || allow.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            throw SsmRequestReader.Validation("null", "allowUnassociatedTargets", "Member must not be null");
        var token = SsmRequestReader.String(request, "ClientToken");
        if (token is { Length: < 1 or > 64 })
            throw SsmRequestReader.Validation(token, "clientToken", "Member must have length less than or equal to 64");
        var now = call.Sandbox.Clock.UtcNow;
        var window = new SandboxWindow
        {
            WindowId = NewWindowId(),
            Region = call.Region,
            Name = name,
            Description = Description(request),
            Schedule = schedule,
            ScheduleTimezone = SsmRequestReader.String(request, "ScheduleTimezone"),
            ScheduleOffset = SsmRequestReader.Int(request, "ScheduleOffset", 1, 6),
            StartDate = SsmRequestReader.String(request, "StartDate"),
            EndDate = SsmRequestReader.String(request, "EndDate"),
            Duration = duration,
            Cutoff = cutoff,
            AllowUnassociatedTargets = allow.GetBoolean(),
            CreatedDate = now,
            ModifiedDate = now,
            ClientToken = token,
            RequestFingerprint = Fingerprint(request),
        };
        CheckSettings(window);

        var id = window.WindowId;
        call.Sandbox.State.Update(state =>
        {
            var windows = state.WindowsIn(call.Region);
            if (Replayed(windows, window) is { } earlier)
            {
                id = earlier.WindowId;
                return;
            }
            if (windows.Count >= WindowsPerRegion)
                throw new AwsApiException("ResourceLimitExceededException", $"Maintenance window limit exceeded: an account can have {WindowsPerRegion} maintenance windows in a Region.");
            state.AddWindow(window);
        });
        json.WriteStartObject();
        json.WriteString("WindowId", id);
        json.WriteEndObject();
    }

    private static void Get(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var window = Find(call, WindowId(request));
        json.WriteStartObject();
        WriteSettings(json, window, call.Sandbox.Clock.UtcNow);
        JsonProtocol.WriteTimestamp(json, "CreatedDate", window.CreatedDate);
        JsonProtocol.WriteTimestamp(json, "ModifiedDate", window.ModifiedDate);
        json.WriteEndObject();
    }

    private static void Update(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var id = WindowId(request);
        var replace = request.TryGetProperty("Replace", out var r) && r.ValueKind == JsonValueKind.True;
        var name = Name(request, required: false);
        var description = Description(request);
        var schedule = SsmRequestReader.String(request, "Schedule");
        if (schedule is { Length: < 1 or > 256 }) throw SsmRequestReader.Validation(schedule, "schedule", "Member must have length less than or equal to 256");
        var duration = SsmRequestReader.Int(request, "Duration", 1, 24);
        var cutoff = SsmRequestReader.Int(request, "Cutoff", 0, 23);
        var offset = SsmRequestReader.Int(request, "ScheduleOffset", 1, 6);
        var timezone = SsmRequestReader.String(request, "ScheduleTimezone");
        var start = SsmRequestReader.String(request, "StartDate");
        var end = SsmRequestReader.String(request, "EndDate");
        bool? Flag(string member) => request.TryGetProperty(member, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
        var allow = Flag("AllowUnassociatedTargets");
        var enabled = Flag("Enabled");
        if (replace && (name is null || schedule is null || duration is null || cutoff is null || allow is null))
            throw new AwsApiException("ValidationException", "With Replace, Name, Schedule, Duration, Cutoff and AllowUnassociatedTargets are required.");

        SandboxWindow? updated = null;
        call.Sandbox.State.Update(_ =>
        {
            var window = Find(call, id);
            var candidate = new SandboxWindow
            {
                WindowId = window.WindowId,
                Region = window.Region,
                Name = name ?? window.Name,
                Description = replace ? description : description ?? window.Description,
                Schedule = schedule ?? window.Schedule,
                ScheduleTimezone = replace ? timezone : timezone ?? window.ScheduleTimezone,
                ScheduleOffset = replace ? offset : offset ?? window.ScheduleOffset,
                StartDate = replace ? start : start ?? window.StartDate,
                EndDate = replace ? end : end ?? window.EndDate,
                Duration = duration ?? window.Duration,
                Cutoff = cutoff ?? window.Cutoff,
                AllowUnassociatedTargets = allow ?? window.AllowUnassociatedTargets,
                Enabled = enabled ?? (replace || window.Enabled),
                CreatedDate = window.CreatedDate,
            };
            CheckSettings(candidate);
            (window.Name, window.Description, window.Schedule, window.ScheduleTimezone, window.ScheduleOffset) =
                (candidate.Name, candidate.Description, candidate.Schedule, candidate.ScheduleTimezone, candidate.ScheduleOffset);
            (window.StartDate, window.EndDate, window.Duration, window.Cutoff, window.AllowUnassociatedTargets, window.Enabled) =
                (candidate.StartDate, candidate.EndDate, candidate.Duration, candidate.Cutoff, candidate.AllowUnassociatedTargets, candidate.Enabled);
            window.ModifiedDate = call.Sandbox.Clock.UtcNow;
            updated = window;
        });
        json.WriteStartObject();
        WriteSettings(json, updated!, null);
        json.WriteEndObject();
    }

    private static void Delete(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var id = WindowId(request);
        call.Sandbox.State.DeleteWindow(call.Region, id);
        json.WriteStartObject();
        json.WriteString("WindowId", id);
        json.WriteEndObject();
    }

    private static void Describe(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var filters = Filters(request, "Name", "Enabled");
        var pageSize = MaxResults(request);
        var windows = call.Sandbox.State.WindowsIn(call.Region).Where(w => filters.All(f => f.Key == "Name"
            ? f.Values.Contains(w.Name, StringComparer.Ordinal)
            : f.Values.Contains(w.Enabled ? "true" : "false", StringComparer.OrdinalIgnoreCase)));
        var fingerprint = call.Region + "|" + string.Join(";", filters.Select(f => f.Key + "=" + string.Join(",", f.Values)));
        var (page, next) = Page(call, request, windows, w => w.WindowId, pageSize, fingerprint);
        var now = call.Sandbox.Clock.UtcNow;
        json.WriteStartObject();
        json.WriteStartArray("WindowIdentities");
        foreach (var window in page)
        {
            json.WriteStartObject();
            json.WriteString("WindowId", window.WindowId);
            json.WriteString("Name", window.Name);
            if (window.Description is not null) json.WriteString("Description", window.Description);
            json.WriteBoolean("Enabled", window.Enabled);
            json.WriteNumber("Duration", window.Duration);
            json.WriteNumber("Cutoff", window.Cutoff);
            json.WriteString("Schedule", window.Schedule);
            if (window.ScheduleTimezone is not null) json.WriteString("ScheduleTimezone", window.ScheduleTimezone);
            if (window.ScheduleOffset is { } offset) json.WriteNumber("ScheduleOffset", offset);
            if (window.EndDate is not null) json.WriteString("EndDate", window.EndDate);
            if (window.StartDate is not null) json.WriteString("StartDate", window.StartDate);
            if (MaintenanceWindowCalendar.NextExecutionTime(window, now) is { } nextRun) json.WriteString("NextExecutionTime", nextRun);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (next is not null) json.WriteString("NextToken", next);
        json.WriteEndObject();
    }

    private static void Schedule(AwsCallContext call, JsonElement request, Utf8JsonWriter json)
    {
        var windowId = request.TryGetProperty("WindowId", out _) ? WindowId(request) : null;
        var targets = Targets(request);
        var resourceType = SsmRequestReader.String(request, "ResourceType");
        if (resourceType is not null and not ("INSTANCE" or "RESOURCE_GROUP"))
            throw SsmRequestReader.Validation(resourceType, "resourceType", "Member must satisfy enum value set: [INSTANCE, RESOURCE_GROUP]");
        if (SsmRequestReader.KeyValuesList(request, "Filters", "Key", "Values").Count > 0)
            throw new AwsApiException("ValidationException", "The sandbox does not filter DescribeMaintenanceWindowSchedule results; send no Filters.");
        var pageSize = SsmRequestReader.Int(request, "MaxResults", 1, int.MaxValue) ?? 50;
        if (windowId is null && targets.Count == 0)
            throw new AwsApiException("ValidationException", "Either WindowId or Targets must be specified.");
        if (targets.Count > 0 && resourceType is null)
            throw new AwsApiException("ValidationException", "ResourceType must be specified with Targets.");

        var now = call.Sandbox.Clock.UtcNow;
        var windows = windowId is not null ? [Find(call, windowId)] : call.Sandbox.State.WindowsIn(call.Region).Where(w => Covers(call, w, targets)).ToList();
        // The next runs of each enabled window within a year, in time order; a page key is time|window id.
        var runs = windows.Where(w => w.Enabled)
            .SelectMany(w => MaintenanceWindowCalendar.Of(w).After(now).TakeWhile(t => t <= now.AddYears(1)).Take(100).Select(t => (Window: w, Time: t)))
            .OrderBy(r => r.Time).ThenBy(r => r.Window.WindowId, StringComparer.Ordinal)
            .Select(r => (r.Window, r.Time, Key: MaintenanceWindowCalendar.Format(r.Time) + "|" + r.Window.WindowId));
        var fingerprint = call.Region + "|" + windowId + "|" + string.Join(";", targets.Select(t => t.Key + "=" + string.Join(",", t.Values)));
        var (page, next) = Page(call, request, runs, r => r.Key, pageSize, fingerprint);
        json.WriteStartObject();
        json.WriteStartArray("ScheduledWindowExecutions");
        foreach (var (window, time, _) in page)
        {
            json.WriteStartObject();
            json.WriteString("WindowId", window.WindowId);
            json.WriteString("Name", window.Name);
            json.WriteString("ExecutionTime", MaintenanceWindowCalendar.Format(time));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (next is not null) json.WriteString("NextToken", next);
        json.WriteEndObject();
    }

    /// <summary>
    /// Whether one of the window's target registrations covers what the query names: an instance (every key/values
    /// pair of the registration holds for it, pairs being ANDed as SSM does) or the same target key with a shared value.
    /// </summary>
    private static bool Covers(AwsCallContext call, SandboxWindow window, List<(string Key, IReadOnlyList<string> Values)> query)
    {
        var instances = query.Where(q => q.Key == "InstanceIds").SelectMany(q => q.Values).Select(call.Sandbox.State.FindInstance).OfType<SandboxInstance>().ToList();
        foreach (var registration in window.Targets)
        {
            if (instances.Any(i => registration.Targets.All(pair => Holds(pair, i))))
                return true;
            if (query.Any(q => q.Key != "InstanceIds" && registration.Targets.Any(r => r.Key == q.Key && r.Values.Intersect(q.Values, StringComparer.Ordinal).Any())))
                return true;
        }
        return false;
    }

    private static bool Holds((string Key, IReadOnlyList<string> Values) pair, SandboxInstance instance) =>
        pair.Key == "InstanceIds" ? pair.Values.Contains(instance.InstanceId, StringComparer.Ordinal)
        : pair.Key.StartsWith("tag:", StringComparison.Ordinal) && instance.Tags.TryGetValue(pair.Key[4..], out var value) && pair.Values.Contains(value, StringComparer.Ordinal);

    private static void CheckSettings(SandboxWindow window)
    {
        if (window.Cutoff >= window.Duration)
            throw new AwsApiException("ValidationException", "The cutoff must be less than the duration of the maintenance window.");
        MaintenanceWindowCalendar.Of(window);
    }

    private static void WriteSettings(Utf8JsonWriter json, SandboxWindow window, DateTime? now)
    {
        json.WriteString("WindowId", window.WindowId);
        json.WriteString("Name", window.Name);
        if (window.Description is not null) json.WriteString("Description", window.Description);
        if (window.StartDate is not null) json.WriteString("StartDate", window.StartDate);
        if (window.EndDate is not null) json.WriteString("EndDate", window.EndDate);
        json.WriteString("Schedule", window.Schedule);
        if (window.ScheduleTimezone is not null) json.WriteString("ScheduleTimezone", window.ScheduleTimezone);
        if (window.ScheduleOffset is { } offset) json.WriteNumber("ScheduleOffset", offset);
        if (now is { } at && MaintenanceWindowCalendar.NextExecutionTime(window, at) is { } next) json.WriteString("NextExecutionTime", next);
        json.WriteNumber("Duration", window.Duration);
        json.WriteNumber("Cutoff", window.Cutoff);
        json.WriteBoolean("AllowUnassociatedTargets", window.AllowUnassociatedTargets);
        json.WriteBoolean("Enabled", window.Enabled);
    }
}
