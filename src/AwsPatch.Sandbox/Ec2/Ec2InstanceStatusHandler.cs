using System.Globalization;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>
/// DescribeInstanceStatus: running instances only unless IncludeAllInstances=true, paged 5..1000. The system status
/// check passes while running; the instance status check follows the instance (<see cref="SandboxInstance.InstanceStatus"/>):
/// <c>initializing</c> while a patch install reboots it, <c>impaired</c> (reachability failed, with impairedSince)
/// when its <c>afterReboot</c> fault is StatusImpaired, <c>ok</c> otherwise; stopped instances are not-applicable.
/// </summary>
internal sealed class Ec2InstanceStatusHandler : IEc2Handler
{
    private static readonly Ec2FilterSet<SandboxInstance> Filters = new Ec2FilterSet<SandboxInstance>(tags: null)
        .Add("availability-zone", i => i.AvailabilityZone)
        .Add("instance-state-name", i => i.State)
        .Add("instance-state-code", i => i.StateCode.ToString(CultureInfo.InvariantCulture))
        .Add("instance-status.status", InstanceSummary)
        .Add("system-status.status", SystemSummary)
        .Add("instance-status.reachability", InstanceReachability)
        .Add("system-status.reachability", SystemReachability)
        .AddMany("event.code", _ => [])
        .AddMany("event.description", _ => [])
        .AddMany("event.instance-event-id", _ => [])
        .AddMany("event.not-after", _ => [])
        .AddMany("event.not-before", _ => [])
        .AddMany("event.not-before-deadline", _ => []);

    public IReadOnlyCollection<string> Actions { get; } = ["DescribeInstanceStatus"];

    public void Handle(AwsCallContext call, QueryParameters query, Ec2ResponseWriter xml)
    {
        var ids = query.GetList("InstanceId");
        var filters = query.GetFilters();
        var includeAll = query.GetBool("IncludeAllInstances");
        var paging = Ec2Paging.Read(query, call, max: 1000, clampAboveMax: false, "instancesSet", ids.Count);
        Ec2Ids.CheckInstanceIds(ids);
        if (ids.Count > 100)
            throw new AwsApiException("InvalidParameterValue", $"{ids.Count} exceeds the maximum number of instance IDs that can be specificied (100). Please specify fewer than 100 instance IDs.");
        Filters.Validate(filters);

        call.Sandbox.State.Read(all =>
        {
            var regional = all.Where(i => i.Region == call.Region).ToList();
            Ec2Ids.ThrowIfInstancesMissing(ids, regional.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal));
            var wanted = (ids.Count == 0 ? regional : regional.Where(i => ids.Contains(i.InstanceId)))
                .Where(i => includeAll || i.State == "running")
                .Where(i => Filters.Matches(i, filters));
            var (page, nextToken) = paging.Apply(wanted, i => i.InstanceId, query, call);

            xml.List("instanceStatusSet", page, instance =>
            {
                xml.Value("instanceId", instance.InstanceId);
                xml.Value("availabilityZone", instance.AvailabilityZone);
                xml.Structure("instanceState", () =>
                {
                    xml.Value("code", instance.StateCode);
                    xml.Value("name", instance.State);
                });
                StatusSummary(xml, "systemStatus", SystemSummary(instance), SystemReachability(instance), null);
                StatusSummary(xml, "instanceStatus", InstanceSummary(instance), InstanceReachability(instance),
                    instance.InstanceStatus == "impaired" ? instance.InstanceStatusSince : null);
            });
            xml.Value("nextToken", nextToken);
            return 0;
        });
    }

    private static void StatusSummary(Ec2ResponseWriter xml, string name, string summary, string? reachability, DateTime? impairedSince) => xml.Structure(name, () =>
    {
        xml.Value("status", summary);
        if (reachability is not null)
        {
            xml.List("details", [reachability], _ =>
            {
                if (impairedSince is { } since) xml.Value("impairedSince", since);
                xml.Value("name", "reachability");
                xml.Value("status", reachability);
            });
        }
    });

    private static string SystemSummary(SandboxInstance instance) => instance.State == "running" ? "ok" : "not-applicable";

    private static string? SystemReachability(SandboxInstance instance) => instance.State == "running" ? "passed" : null;

    private static string InstanceSummary(SandboxInstance instance) => instance.State == "running" ? instance.InstanceStatus : "not-applicable";

    private static string? InstanceReachability(SandboxInstance instance) => instance.State != "running" ? null : instance.InstanceStatus switch
    {
        "impaired" => "failed",
        "initializing" => "initializing",
        _ => "passed",
    };
}
