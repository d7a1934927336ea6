using AwsPatch.Aws;
using AwsPatch.Findings;
using AwsPatch.Tests.Unit.Instances;

namespace AwsPatch.Tests.Unit.Findings;

/// <summary>FindingService.GetKevAsync: BatchGetFindingDetails ten ARNs a call, KEV entries by ARN, per-ARN errors kept.</summary>
public sealed class KevLookupTests
{
    private readonly FakeGateways _gateways = new();

    private static string Arn(int n) => $"arn:aws:inspector2:us-east-1:123456789012:finding/{n:x32}";

    private static KevRecord Kev(int n, DateTime due) => new() { FindingArn = Arn(n), DateAdded = due.AddDays(-21), DateDue = due, Action = "Apply updates per vendor instructions." };

    [Fact]
    public async Task Twenty_three_arns_take_three_calls_of_at_most_ten_and_each_arn_is_asked_once()
    {
        var fake = _gateways.InspectorFake;
        fake.Kev[Arn(4)] = Kev(4, new DateTime(2023, 12, 12, 0, 0, 0, DateTimeKind.Utc));
        fake.Kev[Arn(17)] = Kev(17, new DateTime(2022, 7, 18, 0, 0, 0, DateTimeKind.Utc));
        fake.DetailErrors[Arn(9)] = "ACCESS_DENIED";
        fake.DetailErrors[Arn(10)] = "FINDING_DETAILS_NOT_FOUND";
        var arns = Enumerable.Range(1, 23).Select(Arn).Concat([Arn(4), Arn(4)]).ToList();   // duplicates asked once

        var kev = await new FindingService(_gateways).GetKevAsync(TestSessions.UsEast1(), arns, CancellationToken.None);

        Assert.Equal([10, 10, 3], fake.DetailCalls.Select(c => c.Count));
        Assert.Equal(Enumerable.Range(1, 23).Select(Arn), fake.DetailCalls.SelectMany(c => c).Order(StringComparer.Ordinal));
        Assert.Equal([Arn(4), Arn(17)], kev.ByArn.Keys.Order(StringComparer.Ordinal));
        // FINDING_DETAILS_NOT_FOUND only means "not in the catalogue"; ACCESS_DENIED is a gap the caller must report.
        Assert.Equal((Arn(9), "ACCESS_DENIED"), (Assert.Single(kev.Errors).FindingArn, kev.Errors[0].ErrorCode));
        Assert.Equal(new DateTime(2022, 7, 18, 0, 0, 0, DateTimeKind.Utc), kev.EarliestDue([Arn(1), Arn(4), Arn(17)]));
        Assert.Null(kev.EarliestDue([Arn(1), Arn(2)]));
    }

    [Fact]
    public async Task No_arns_make_no_call()
    {
        var kev = await new FindingService(_gateways).GetKevAsync(TestSessions.UsEast1(), [], CancellationToken.None);
        Assert.Empty(_gateways.InspectorFake.DetailCalls);
        Assert.Empty(kev.ByArn);
    }
}
