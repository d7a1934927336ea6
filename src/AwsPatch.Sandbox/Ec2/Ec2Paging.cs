using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>MaxResults/NextToken as EC2 does them: a range per action, not combinable with explicit ids.</summary>
internal sealed record Ec2Paging(int? PageSize, string? After)
{
    /// <param name="query">The request.</param>
    /// <param name="call">The call (region and action feed the token fingerprint).</param>
    /// <param name="max">Largest MaxResults the action accepts.</param>
    /// <param name="clampAboveMax">DescribeVolumes returns at most its maximum instead of failing.</param>
    /// <param name="idSetName">The wire name of the id list, for the InvalidParameterCombination message.</param>
    /// <param name="idCount">How many ids were given.</param>
    public static Ec2Paging Read(QueryParameters query, AwsCallContext call, int max, bool clampAboveMax, string idSetName, int idCount)
    {
        var maxResults = query.GetInt("MaxResults", "maxResults");
        if (maxResults is not null && idCount > 0)
            throw new AwsApiException("InvalidParameterCombination", $"The parameter {idSetName} cannot be used with the parameter maxResults");
        if (maxResults is < 5)
            throw new AwsApiException("InvalidParameterValue", $"Value ( {maxResults} ) for parameter maxResults is invalid. Expecting a value greater than 5.");
        if (maxResults > max)
        {
            if (!clampAboveMax)
                throw new AwsApiException("InvalidParameterValue", $"Value ( {maxResults} ) for parameter maxResults is invalid. Expecting a value less than {max}.");
            maxResults = max;
        }

        string? after = null;
        if (query.Get("NextToken") is { Length: > 0 } token)
        {
            after = PageToken.TryRead(token, call.Operation, query.Fingerprint(call.Region))
                ?? throw new AwsApiException("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
        }

        // A NextToken without MaxResults continues with the largest page.
        return new Ec2Paging(maxResults ?? (after is null ? null : max), after);
    }

    /// <summary>The page of <paramref name="items"/> and the token for the next one (null on the last page).</summary>
    public (List<T> Page, string? NextToken) Apply<T>(IEnumerable<T> items, Func<T, string> key, QueryParameters query, AwsCallContext call)
    {
        if (PageSize is null) return (items.OrderBy(key, StringComparer.Ordinal).ToList(), null);
        var (page, last) = PageToken.Slice(items, key, After, call.Sandbox.Consistency.PageSize(PageSize.Value));
        return (page, last is null ? null : PageToken.Create(call.Operation, query.Fingerprint(call.Region), last));
    }
}
