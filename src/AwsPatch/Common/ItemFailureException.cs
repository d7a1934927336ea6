using System;

namespace AwsPatch.Common
{
    /// <summary>The exception inside the error record of one failed input item; its message is the failure's.</summary>
    public sealed class ItemFailureException : Exception
    {
        public ItemFailureException(ItemFailure failure)
            : base(failure.Message, failure.Exception)
        {
            Failure = failure;
        }

        public ItemFailure Failure { get; }
    }
}
