using System.Text.Json;
using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>
/// ListFindings: filter, sort, page (maxResults 1..100, default 100 — the model documents no default, so the
/// maximum is assumed). Work per page is proportional to the page where an index applies (resourceId or
/// findingArn EQUALS filters; the cached sort orders) and a scan from the token's position otherwise.
/// </summary>
internal static class ListFindingsHandler
{
    private static readonly string[] Members = ["maxResults", "nextToken", "filterCriteria", "sortCriteria"];

    public static Action<Utf8JsonWriter> Handle(AwsCallContext call, Inspector2State state, JsonElement request)
    {
        Inspector2Json.RequireObject(request, "", Members);
        var maxResults = Inspector2Json.Int(request, "maxResults", 1, 100) ?? 100;
        var token = Inspector2Json.String(request, "nextToken", "nextToken");
        var filter = FindingFilter.Parse(request);
        var order = FindingOrder.Parse(request);
        var fingerprint = Inspector2Service.Fingerprint(call, request, "filterCriteria", "sortCriteria");

        var region = state.Snapshot(call.Region);
        Inspector2Finding[] ordered;
        if (filter.FindingArns is { } arns)
            ordered = order.Sort(arns.Distinct().Select(a => region.ByArnLookup.GetValueOrDefault(a)).OfType<Inspector2Finding>().ToArray());
        else if (filter.ResourceIds is { } ids)
            ordered = order.Sort(ids.Distinct().SelectMany(id => region.ByResource.GetValueOrDefault(id) ?? []).ToArray());
        else
            ordered = region.Sorted(order);

        var start = 0;
        if (!string.IsNullOrEmpty(token))
        {
            var key = PageToken.TryRead(token, "ListFindings", fingerprint) ?? throw Inspector2Service.BadToken();
            start = order.StartAfter(ordered, key) ?? throw Inspector2Service.BadToken();
        }

        var pageSize = call.Sandbox.Consistency.PageSize(maxResults);
        var page = new List<Inspector2Finding>(pageSize);
        var more = false;
        for (var i = start; i < ordered.Length; i++)
        {
            if (!filter.Matches(ordered[i])) continue;
            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(ordered[i]);
        }

        var next = more ? PageToken.Create("ListFindings", fingerprint, order.TokenKey(page[^1])) : null;
        return json =>
        {
            json.WriteStartObject();
            if (next is not null) json.WriteString("nextToken", next);
            json.WriteStartArray("findings");
            foreach (var finding in page) FindingJson.Write(json, finding);
            json.WriteEndArray();
            json.WriteEndObject();
        };
    }
}
