namespace AwsPatch.Aws.Inspector2
{
    /// <summary>ListFindings input. <see cref="MaxResults"/>: 1..<see cref="Inspector2Limits.ListFindingsMaxResults"/>.</summary>
    internal sealed class ListFindingsRequest
    {
        public FilterCriteria? FilterCriteria { get; set; }

        public SortCriteria? SortCriteria { get; set; }

        public int? MaxResults { get; set; }

        public string? NextToken { get; set; }
    }
}
