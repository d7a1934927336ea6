namespace AwsPatch.Aws
{
    /// <summary>Run Command API limits from the Systems Manager model.</summary>
    public static class RunCommandLimits
    {
        /// <summary>SendCommand's InstanceIds maximum.</summary>
        public const int InstanceIdsPerSend = 50;

        /// <summary>ListCommands / ListCommandInvocations MaxResults maximum.</summary>
        public const int PageSize = 50;

        /// <summary>SendCommand's Comment maximum length.</summary>
        public const int CommentLength = 100;
    }
}
