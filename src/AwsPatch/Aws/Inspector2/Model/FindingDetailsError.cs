namespace AwsPatch.Aws.Inspector2
{
    /// <summary>FindingDetailsError: <c>errorCode</c> INTERNAL_ERROR, ACCESS_DENIED, FINDING_DETAILS_NOT_FOUND, INVALID_INPUT.</summary>
    internal sealed class FindingDetailsError
    {
        public string FindingArn { get; set; } = string.Empty;

        public string ErrorCode { get; set; } = string.Empty;

        public string ErrorMessage { get; set; } = string.Empty;
    }
}
