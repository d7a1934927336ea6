namespace AwsPatch.Aws
{
    /// <summary>A token bucket: <see cref="Burst"/> requests at once, refilled at <see cref="PerSecond"/> a second.</summary>
    public sealed class RateLimit
    {
        public RateLimit(int burst, double perSecond)
        {
            Burst = burst;
            PerSecond = perSecond;
        }

        public int Burst { get; }

        public double PerSecond { get; }
    }
}
