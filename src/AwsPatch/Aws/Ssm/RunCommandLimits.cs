namespace AwsPatch.Aws
{
    public static class RunCommandLimits
    {
        /// <summary>SendCommand's InstanceIds maximum.</summary>
        public const int InstanceIdsPerSend = 50;

        /// <summary>ListCommands / ListCommandInvocations MaxResults maximum.</summary>
        public const int PageSize = 50;

        /// <summary>SendCommand's Comment maximum length.</summary>
        public const int CommentLength = 100;

        /// <summary>
        /// ListCommandInvocations calls one poll cycle of a run keeps in flight (one per unfinished command). Systems
        /// Manager publishes no request rates; 8 at once keeps a 10,000-instance run (200 commands) to about 25 rounds a
        /// cycle instead of 200 serial calls, and stays far below what throttles an account: a throttled call is
        /// retried by the SDK and then by the run's back-off, so throttling slows a cycle down, never fails it.
        /// </summary>
        public const int PollsInFlight = 8;

        /// <summary>
        /// SendCommand calls one run keeps in flight (one per batch of <see cref="InstanceIdsPerSend"/>): fewer than the
        /// polls, since each one starts work on instances; a batch is still never sent twice (see PatchRunService.SendAsync).
        /// </summary>
        public const int SendsInFlight = 4;
    }
}
