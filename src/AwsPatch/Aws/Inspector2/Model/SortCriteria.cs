namespace AwsPatch.Aws.Inspector2
{
    /// <summary>SortCriteria of ListFindings: <c>field</c> (SortField, e.g. INSPECTOR_SCORE, SEVERITY, EPSS_SCORE) and <c>sortOrder</c> (ASC|DESC).</summary>
    internal sealed class SortCriteria
    {
        public string Field { get; set; } = string.Empty;

        public string SortOrder { get; set; } = "DESC";
    }
}
