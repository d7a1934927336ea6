namespace AwsPatch.Common
{
    /// <summary>One element of a service's result stream: either a value or the failure of one input item.</summary>
    public readonly struct Outcome<T>
        where T : class
    {
        private Outcome(T? value, ItemFailure? failure)
        {
            Value = value;
            Failure = failure;
        }

        public T? Value { get; }

        public ItemFailure? Failure { get; }

        public static Outcome<T> Success(T value) => new Outcome<T>(value, null);

        public static Outcome<T> Failed(ItemFailure failure) => new Outcome<T>(null, failure);
    }
}
