namespace AwsPatch.Aws
{
    /// <summary>Systems Manager's maintenance-window page limits (the model's MaxResults 10-100).</summary>
    public static class MaintenanceWindowLimits
    {
        public const int PageSize = 100;

        /// <summary>Key/values pairs in one target registration (the model's Targets max 5).</summary>
        public const int PairsPerTarget = 5;
    }
}
