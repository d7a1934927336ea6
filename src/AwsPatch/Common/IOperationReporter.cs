namespace AwsPatch.Common
{
    /// <summary>
    /// How a service tells its caller what is going on without knowing about PowerShell. The cmdlet layer maps
    /// these to warning, verbose and progress records. Implementations must be safe to call from any thread.
    /// </summary>
    public interface IOperationReporter
    {
        void Warning(string message);

        void Verbose(string message);
    }
}
