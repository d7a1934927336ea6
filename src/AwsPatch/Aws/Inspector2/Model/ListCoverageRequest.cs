namespace AwsPatch.Aws.Inspector2
{
    /// <summary>ListCoverage input. <see cref="MaxResults"/>: 1..<see cref="Inspector2Limits.ListCoverageMaxResults"/>.</summary>
    internal sealed class ListCoverageRequest
    {
        public CoverageFilterCriteria? FilterCriteria { get; set; }

        public int? MaxResults { get; set; }

        public string? NextToken { get; set; }
    }
}
