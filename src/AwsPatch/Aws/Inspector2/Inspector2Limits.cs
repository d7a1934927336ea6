namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Limits from the Inspector2 2020-06-08 service model (botocore 1.43.11).</summary>
    internal static class Inspector2Limits
    {
        /// <summary>ListFindingsMaxResults: 1..100.</summary>
        public const int ListFindingsMaxResults = 100;

        /// <summary>ListCoverageMaxResults: 1..200.</summary>
        public const int ListCoverageMaxResults = 200;

        /// <summary>FindingArnList of BatchGetFindingDetails: 1..10 ARNs.</summary>
        public const int BatchGetFindingDetailsMaxArns = 10;

        /// <summary>
        /// Every filter list (StringFilterList, NumberFilterList, DateFilterList, PackageFilterList, MapFilterList and the
        /// Coverage* lists): 1..10 entries per field. Batch <c>resourceId</c> EQUALS filters by this.
        /// </summary>
        public const int MaxFiltersPerField = 10;
    }
}
