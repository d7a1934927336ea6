namespace AwsPatch.Aws.Inspector2
{
    /// <summary>ScanStatus: <c>statusCode</c> ACTIVE|INACTIVE and a <c>reason</c> (SUCCESSFUL, UNMANAGED_EC2_INSTANCE, UNSUPPORTED_OS …).</summary>
    internal sealed class ScanStatus
    {
        public string StatusCode { get; set; } = string.Empty;

        public string Reason { get; set; } = string.Empty;
    }
}
