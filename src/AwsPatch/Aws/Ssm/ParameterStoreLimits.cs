namespace AwsPatch.Aws
{
    /// <summary>Parameter Store's documented limits for the calls AwsPatch makes.</summary>
    public static class ParameterStoreLimits
    {
        /// <summary>A Standard tier parameter's value holds at most 4 KB (4,096 characters).</summary>
        public const int StandardValueLength = 4096;

        /// <summary>GetParametersByPath MaxResults is 1..10.</summary>
        public const int PageSize = 10;

        /// <summary>DeleteParameters takes 1..10 names.</summary>
        public const int NamesPerDelete = 10;
    }
}
