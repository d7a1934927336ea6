using System.Text.Json;
using AwsPatch.Tests.Sandbox;

namespace AwsPatch.Tests.Conformance;

/// <summary>
/// The request-side limits the sandbox enforces equal the model's: for every operation the module calls whose MaxResults
/// has a range in the model, the bounds are accepted and one past either bound is refused naming MaxResults; the same
/// for the id and name lists the module fills (SendCommand/CancelCommand/DescribeInstancePatchStates InstanceIds,
/// DeleteParameters Names).
/// </summary>
public sealed class RequestLimitConformanceTests(SandboxFixture fixture) : SandboxTestBase(fixture)
{
    /// <summary>The required members of each operation, so the request fails only for the limit under test.</summary>
    private Dictionary<string, object?> BaseRequest(string operation) => operation switch
    {
        "DescribeInstancePatchStates" => new() { ["InstanceIds"] = Online(1) },
        "DescribeInstancePatchStatesForPatchGroup" => new() { ["PatchGroup"] = "web-prod" },
        "DescribeInstancePatches" => new() { ["InstanceId"] = Online(1)[0] },
        "DescribeMaintenanceWindowTargets" or "DescribeMaintenanceWindowTasks" => new() { ["WindowId"] = "mw-0123456789abcdef0" },
        "GetParametersByPath" => new() { ["Path"] = "/patch/awspatch" },
        "SendCommand" => new() { ["DocumentName"] = "AWS-RunPatchBaseline", ["Parameters"] = new Dictionary<string, string[]> { ["Operation"] = ["Scan"] } },
        "CancelCommand" => new() { ["CommandId"] = Guid.NewGuid().ToString() },
        _ => [],
    };

    [SkippableFact]
    public async Task MaxResults_bounds_of_every_operation_the_module_calls_are_the_models()
    {
        var checkedOperations = new List<string>();
        var wrong = new List<string>();
        foreach (var (service, operation) in ModuleOperations.All())
        {
            var model = ServiceModels.Require(service);
            if (model.InputShape(operation) is not { } input) continue;
            var member = model.Shape(input).GetProperty("members").EnumerateObject().FirstOrDefault(m => m.Name.Equals("MaxResults", StringComparison.OrdinalIgnoreCase));
            if (member.Value.ValueKind == JsonValueKind.Undefined) continue;
            var range = model.Shape(member.Value.GetProperty("shape").GetString()!);
            if (!range.TryGetProperty("min", out var minElement) || !range.TryGetProperty("max", out var maxElement)) continue;
            var (min, max) = (minElement.GetInt32(), maxElement.GetInt32());
            checkedOperations.Add($"{service}:{operation} {min}..{max}");

            foreach (var (value, accepted) in new[] { (min - 1, false), (min, true), (max, true), (max + 1, false) })
            {
                var request = BaseRequest(operation);
                request[member.Name] = value;
                var (status, code, message) = await CallAsync(model, operation, request);
                var refusedForIt = status == 400 && message.Contains("maxresults", StringComparison.OrdinalIgnoreCase);
                if (refusedForIt == accepted)
                    wrong.Add($"{service}:{operation} {member.Name}={value} (model {min}..{max}): {status} {code} {message}");
                else if (refusedForIt && code is not ("ValidationException" or "InvalidParameterValue"))
                    wrong.Add($"{service}:{operation} {member.Name}={value}: refused with {code}, not the protocol's validation error");
            }
        }

        Assert.Contains("ssm:DescribeInstanceInformation 5..50", checkedOperations);
        Assert.Contains("inspector2:ListFindings 1..100", checkedOperations);
        Assert.Contains("ec2:DescribeReplaceRootVolumeTasks 1..50", checkedOperations);
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [SkippableTheory]
    [InlineData("SendCommand", "InstanceIds")]
    [InlineData("CancelCommand", "InstanceIds")]
    [InlineData("DescribeInstancePatchStates", "InstanceIds")]
    [InlineData("DeleteParameters", "Names")]
    public async Task List_sizes_the_module_fills_are_bounded_as_the_model_says(string operation, string listMember)
    {
        var model = ServiceModels.Require("ssm");
        var member = model.Shape(model.InputShape(operation)!).GetProperty("members").GetProperty(listMember);
        var list = model.Shape(member.GetProperty("shape").GetString()!);
        var max = list.GetProperty("max").GetInt32();
        var min = list.TryGetProperty("min", out var m) ? m.GetInt32() : 0;
        IEnumerable<string> Values(int count) => Enumerable.Range(0, count)
            .Select(i => listMember == "Names" ? $"/patch/awspatch/limit/{i}" : $"i-{i:x17}");

        foreach (var (count, accepted) in new[] { (max, true), (max + 1, false) }.Concat(min > 0 ? [(min - 1, false)] : []))
        {
            var request = BaseRequest(operation);
            request[listMember] = Values(count).ToArray();
            var (status, code, message) = await CallAsync(model, operation, request);
            var refusedForIt = status == 400 && code == "ValidationException" && message.Contains(listMember, StringComparison.OrdinalIgnoreCase);
            Assert.True(refusedForIt != accepted, $"{operation} {listMember} of {count} (model {min}..{max}): {status} {code} {message}");
        }
    }

    /// <summary>One element of a structure list the module fills, valid but for the count under test: (outer index, nested values).</summary>
    private static object Element(string operation, string list, int index, string[] values) => (operation, list) switch
    {
        ("DescribeInstanceInformation", "Filters") => new { Key = "tag:Environment", Values = values },
        ("DescribeInstanceInformation", "InstanceInformationFilterList") => new { key = "InstanceIds", valueSet = values },
        ("SendCommand", "Targets") => new { Key = index == 0 ? "InstanceIds" : $"tag:Key{index}", Values = values },
        ("ListCommands" or "ListCommandInvocations", "Filters") => new { key = "Status", value = "Success" },
        ("DescribeInstancePatches", "Filters") => new { Key = "State", Values = new[] { "Missing" } },
        ("DescribeInstancePatchStatesForPatchGroup", "Filters") => new { Key = "InstalledCount", Type = "GreaterThan", Values = values.Length == 1 ? new[] { "0" } : values.Select(_ => "0").ToArray() },
        _ => throw new ArgumentOutOfRangeException(nameof(operation), $"{operation}.{list}"),
    };

    /// <summary>
    /// The structure lists the module sends (filters, targets) and the value lists inside them: one past each bound the
    /// model sets is refused with ValidationException naming the member, and the bounds themselves are not refused for
    /// their length. The bounds are read from the model, so the sandbox follows it wherever it moves.
    /// </summary>
    [SkippableTheory]
    [InlineData("DescribeInstanceInformation", "Filters", "Values")]
    [InlineData("DescribeInstanceInformation", "InstanceInformationFilterList", "valueSet")]
    [InlineData("SendCommand", "Targets", null)]
    [InlineData("SendCommand", "Targets", "Values")]
    [InlineData("ListCommands", "Filters", null)]
    [InlineData("ListCommandInvocations", "Filters", null)]
    [InlineData("DescribeInstancePatches", "Filters", null)]
    [InlineData("DescribeInstancePatchStatesForPatchGroup", "Filters", null)]
    [InlineData("DescribeInstancePatchStatesForPatchGroup", "Filters", "Values")]
    public async Task Filter_and_target_lists_are_bounded_as_the_model_says(string operation, string listMember, string? valuesMember)
    {
        var model = ServiceModels.Require("ssm");
        Assert.Contains(("ssm", operation), ModuleOperations.All());
        var listShape = model.Shape(model.Shape(model.InputShape(operation)!).GetProperty("members").GetProperty(listMember).GetProperty("shape").GetString()!);
        var bounded = listShape;
        if (valuesMember is not null)
        {
            var element = model.Shape(listShape.GetProperty("member").GetProperty("shape").GetString()!);
            bounded = model.Shape(element.GetProperty("members").GetProperty(valuesMember).GetProperty("shape").GetString()!);
        }

        var max = bounded.TryGetProperty("max", out var maxElement) ? maxElement.GetInt32() : (int?)null;
        var min = bounded.TryGetProperty("min", out var minElement) ? minElement.GetInt32() : 0;
        Assert.True(max is not null || min > 0, $"{operation}.{listMember}.{valuesMember}: the model sets no bound");
        var named = valuesMember ?? listMember;
        string[] Values(int count) => Enumerable.Range(0, count).Select(i => valuesMember == "valueSet" || listMember == "Targets" ? $"i-{i:x17}" : $"v{i}").ToArray();

        var cases = new List<(int Count, bool Accepted)>();
        if (max is { } m) cases.AddRange([(m, true), (m + 1, false)]);
        cases.Add((min, true));
        if (min > 0) cases.Add((min - 1, false));
        var wrong = new List<string>();
        foreach (var (count, accepted) in cases)
        {
            var request = BaseRequest(operation);
            request[listMember] = valuesMember is null
                ? Enumerable.Range(0, count).Select(i => Element(operation, listMember, i, Values(1))).ToArray()
                : new[] { Element(operation, listMember, 0, Values(count)) };
            var (status, code, message) = await CallAsync(model, operation, request);
            var refusedForIt = status == 400 && code == "ValidationException" && message.Contains(named, StringComparison.OrdinalIgnoreCase)
                && message.Contains("length", StringComparison.OrdinalIgnoreCase);
            if (refusedForIt == accepted)
                wrong.Add($"{operation} {listMember}{(valuesMember is null ? "" : "[]." + valuesMember)} of {count} (model {min}..{max}): {status} {code} {message}");
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private async Task<(int Status, string? Code, string Message)> CallAsync(ServiceModel model, string operation, Dictionary<string, object?> request)
    {
        switch (model.Protocol)
        {
            case "ec2":
                var (ec2Status, xml) = await Http.Ec2Async(operation, request.Select(p => new KeyValuePair<string, string>(p.Key, Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)));
                return (ec2Status, SandboxHttp.ErrorCode(xml), SandboxHttp.ErrorMessage(xml) ?? "");
            case "json":
                var (ssmStatus, json) = await Http.SsmAsync(operation, request);
                return (ssmStatus, json.TryGetProperty("__type", out var type) ? type.GetString() : null, json.TryGetProperty("message", out var text) ? text.GetString() ?? "" : "");
            default:
                var path = model.Operation(operation).GetProperty("http").GetProperty("requestUri").GetString()!;
                var (status, body, errorType) = await Http.Inspector2Async(path, request);
                return (status, errorType?.Split(':')[0], body.TryGetProperty("message", out var said) ? said.GetString() ?? "" : "");
        }
    }
}
