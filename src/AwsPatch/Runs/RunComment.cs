using System;
using AwsPatch.Aws;

namespace AwsPatch.Runs
{
    /// <summary>
    /// The SendCommand comment that ties a command to its run: <c>AwsPatch run &lt;runId&gt;</c>, plus
    /// <c> +snapshots</c> when every instance of the command had a completed pre-patch snapshot set. ListCommands has
    /// no comment filter, so runs are found by listing the document's commands and parsing this.
    /// </summary>
    public static class RunComment
    {
        public const string Prefix = "AwsPatch run ";
        public const string SnapshotMarker = " +snapshots";

        public static string Format(string runId, bool snapshotted) => Prefix + runId + (snapshotted ? SnapshotMarker : string.Empty);

        public static bool TryParse(string? comment, out string runId, out bool snapshotted)
        {
            runId = string.Empty;
            snapshotted = false;
            if (comment == null || !comment.StartsWith(Prefix, StringComparison.Ordinal))
                return false;
            var rest = comment.Substring(Prefix.Length);
            if (rest.EndsWith(SnapshotMarker, StringComparison.Ordinal))
            {
                snapshotted = true;
                rest = rest.Substring(0, rest.Length - SnapshotMarker.Length);
            }
            runId = SafeText.Text(rest.Trim()); // AWS text: anyone who may send commands writes comments
            return runId.Length > 0;
        }
    }
}
