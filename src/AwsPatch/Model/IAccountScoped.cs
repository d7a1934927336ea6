namespace AwsPatch
{
    /// <summary>
    /// An output object read in one account that the reader can name after reading it: a service stamps the account
    /// of the role it read through, the cmdlet the credentials' own (STS GetCallerIdentity) when it is asked for.
    /// </summary>
    internal interface IAccountScoped<out T>
    {
        /// <summary>The account the object was read in; null while not known.</summary>
        string? AccountId { get; }

        /// <summary>This object as read in <paramref name="accountId"/> (itself when that is null or already its account).</summary>
        T InAccount(string? accountId);
    }
}
