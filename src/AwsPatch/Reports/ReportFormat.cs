namespace AwsPatch.Reports
{
    /// <summary>What Export-PatchReport writes: one self-contained HTML file, or one CSV file per kind of object.</summary>
    public enum ReportFormat
    {
        Html,
        Csv,
    }
}
