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

        /// <summary>
        /// Parameter Store calls one record write, read or removal has in flight at once. The default throughput, 40
        /// transactions a second per account and Region, is shared by GetParameter, GetParameters and PutParameter (the
        /// PutParameter API reference; the quota in the Systems Manager endpoints and quotas page): 4 at once is a tenth of
        /// it, room for the other processes of the account, and turns a 1,000-instance rollout's 12 record writes into 3
        /// round trips.
        /// </summary>
        public const int CallsInFlight = 4;
    }
}
