namespace AwsPatch.Aws
{
    /// <summary>A finding BatchGetFindingDetails had no details for (its <c>errors</c> entry).</summary>
    public sealed class FindingDetailsErrorRecord
    {
        public string FindingArn { get; init; } = string.Empty;

        /// <summary>INTERNAL_ERROR, ACCESS_DENIED, FINDING_DETAILS_NOT_FOUND or INVALID_INPUT.</summary>
        public string ErrorCode { get; init; } = string.Empty;
        public string ErrorMessage { get; init; } = string.Empty;
    }
}
