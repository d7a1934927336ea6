namespace AwsPatch.Remediation
{
    /// <summary>The instance's patch baseline as GetPatchBaseline returned it, or why it could not be read.</summary>
    public sealed class BaselineEvidence
    {
        private BaselineEvidence(Aws.PatchBaselineRecord? baseline, string? unreadable)
        {
            Baseline = baseline;
            Unreadable = unreadable;
        }

        public Aws.PatchBaselineRecord? Baseline { get; }

        /// <summary>Why the baseline could not be read (no baseline id in the patch state, or the call's error), when <see cref="Baseline"/> is null.</summary>
        public string? Unreadable { get; }

        public static BaselineEvidence Of(Aws.PatchBaselineRecord baseline) => new BaselineEvidence(baseline, null);

        public static BaselineEvidence Missing(string why) => new BaselineEvidence(null, why);
    }
}
