using System.Text.RegularExpressions;

namespace AwsPatch.Tests.Conformance;

/// <summary>
/// Violations the model reports where real AWS answers the same way, each with its reason. A sandbox answer the model
/// rejects is fixed in the sandbox; only what AWS itself sends (or what the pinned model is too old to know) is listed.
/// Paths are written without list indexes (<c>findings[].epss</c>).
/// </summary>
internal static partial class KnownDeviations
{
    private const string EmptyOutputSettings =
        "SSM fills output settings the caller did not set with empty strings: the CLI reference's send-command and list-commands " +
        "examples show \"OutputS3BucketName\": \"\", \"NotificationType\": \"\" and \"CloudWatchLogGroupName\": \"\"; the model's minimum lengths are request-side.";

    private const string NewerThanDebianModel =
        "Added to the API after botocore 1.29 (Debian 12's python3-botocore, which CI installs); newer models define it, and the " +
        "validator checks it whenever the model it reads does.";

    /// <summary>(service, operation, violation prefix) → why AWS itself answers so.</summary>
    public static readonly IReadOnlyDictionary<(string Service, string Operation, string Violation), string> All =
        new Dictionary<(string, string, string), string>
        {
            [("ec2", "DescribeInstances", "Reservations[].Instances[].Platform: 'windows' is not one of")] =
                "EC2 sends platform in lower case (<platform>windows</platform>) although the model's PlatformValues enum says Windows.",
            [("ec2", "DeleteSnapshot", "return: the operation returns no output")] =
                "The EC2 API reference's DeleteSnapshot example answer carries <return>true</return>; the model declares no output.",
            [("ec2", "DescribeSnapshots", "Snapshots[].completionTime: Snapshot has no such member")] = NewerThanDebianModel,
            [("inspector2", "ListFindings", "findings[].epss: Finding has no such member")] = NewerThanDebianModel,
            [("ssm", "GetPatchBaseline", "OperatingSystem: 'AMAZON_LINUX_2023' is not one of")] = NewerThanDebianModel,
            [("inspector2", "ListCoverage", "coveredResources[].lastScannedAt: CoveredResource has no such member")] = NewerThanDebianModel,
            [("inspector2", "ListCoverage", "coveredResources[].scanMode: CoveredResource has no such member")] = NewerThanDebianModel,
            [("ssm", "SendCommand", "Command.OutputS3BucketName: 0 characters")] = EmptyOutputSettings,
            [("ssm", "SendCommand", "Command.NotificationConfig.NotificationType: '' is not one of")] = EmptyOutputSettings,
            [("ssm", "SendCommand", "Command.CloudWatchOutputConfig.CloudWatchLogGroupName: 0 characters")] = EmptyOutputSettings,
            [("ssm", "ListCommands", "Commands[].OutputS3BucketName: 0 characters")] = EmptyOutputSettings,
            [("ssm", "ListCommands", "Commands[].NotificationConfig.NotificationType: '' is not one of")] = EmptyOutputSettings,
            [("ssm", "ListCommands", "Commands[].CloudWatchOutputConfig.CloudWatchLogGroupName: 0 characters")] = EmptyOutputSettings,
            [("ssm", "ListCommandInvocations", "CommandInvocations[].CloudWatchOutputConfig.CloudWatchLogGroupName: 0 characters")] = EmptyOutputSettings,
            [("ssm", "ListCommandInvocations", "CommandInvocations[].CommandPlugins[].OutputS3BucketName: 0 characters")] = EmptyOutputSettings,
            [("ssm", "DeleteParameters", "InvalidParameters: 0 items")] =
                "SSM answers \"InvalidParameters\": [] when every name was deleted (the CLI reference's delete-parameters example).",
            [("ssm", "DescribeInstancePatchStatesForPatchGroup", "InstancePatchStates: 0 items")] =
                "A group with no reporting instances answers an empty list; the list shape's bounds (1..5) are not answer bounds: the " +
                "operation's own MaxResults allows pages of up to 100.",
            [("ssm", "GetParameter", "(error): ParameterNotFound has an empty message")] =
                "SSM's ParameterNotFound from GetParameter carries no message (the CLI prints 'calling the GetParameter operation: ' and nothing after).",
        };

    public static bool Covers(string service, string operation, string violation)
    {
        var general = ListIndex().Replace(violation, "[]");
        return All.Keys.Any(k => k.Service == service && k.Operation == operation && general.StartsWith(k.Violation, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex ListIndex();
}
