namespace AwsPatch.Aws.Inspector2
{
    /// <summary>
    /// Error codes (<see cref="Amazon.Runtime.AmazonServiceException.ErrorCode"/>) the four operations can return,
    /// named after the model's exception shapes.
    /// </summary>
    internal static class Inspector2ErrorCodes
    {
        /// <summary>403; also what an account without Inspector enabled gets.</summary>
        public const string AccessDenied = "AccessDeniedException";

        /// <summary>400: bad filter, page size or token.</summary>
        public const string Validation = "ValidationException";

        /// <summary>429; retried by the SDK with throttling backoff.</summary>
        public const string Throttling = "ThrottlingException";

        /// <summary>500; retried by the SDK.</summary>
        public const string InternalServer = "InternalServerException";

        /// <summary>404.</summary>
        public const string ResourceNotFound = "ResourceNotFoundException";
    }
}
