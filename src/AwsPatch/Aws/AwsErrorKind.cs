namespace AwsPatch.Aws
{
    /// <summary>What kind of failure an AWS call ended in, independent of the service's own error code.</summary>
    public enum AwsErrorKind
    {
        AccessDenied,
        ExpiredCredentials,
        NotFound,
        InvalidInput,
        Throttled,
        Timeout,
        Network,
        Busy,
        ServiceFault,
        NotEnabled,
    }
}
