namespace AwsPatch.Aws
{
    /// <summary>What kind of failure an AWS call ended in, independent of the service's own error code.</summary>
    public enum AwsErrorKind
    {
        /// <summary>The caller is known but lacks permission (UnauthorizedOperation, AccessDeniedException, HTTP 403).</summary>
        AccessDenied,

        /// <summary>The session token has expired (ExpiredToken, ExpiredTokenException).</summary>
        ExpiredCredentials,

        /// <summary>AWS does not recognise the caller or its signature (unknown access key, wrong secret key).</summary>
        InvalidCredentials,

        /// <summary>The request's signing time is too far from AWS's (RequestExpired, "Signature expired"): the clock is off.</summary>
        ClockSkew,
        NotFound,
        InvalidInput,
        Throttled,
        Timeout,
        Network,
        Busy,
        ServiceFault,
        NotEnabled,

        /// <summary>The answer was not an AWS error document (an HTML page, an empty body) and not a server error: something other than the service answered.</summary>
        UnexpectedResponse,

        /// <summary>A service the item depends on did not answer, so its state could not be confirmed (not a call's own failure).</summary>
        Unavailable,
    }
}
