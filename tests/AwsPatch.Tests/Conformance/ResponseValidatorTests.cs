namespace AwsPatch.Tests.Conformance;

/// <summary>What the model-driven validator rejects, on hand-made answers botocore's lenient parser would accept.</summary>
public sealed class ResponseValidatorTests
{
    [SkippableFact]
    public void The_audits_ListFindings_answer_fails_with_every_missing_member_the_bad_severity_and_the_string_score()
    {
        var inspector = ServiceModels.Require("inspector2");
        const string answer = """
            {"findings":[{"findingArn":"arn:aws:inspector2:us-east-1:123456789012:finding/abc","severity":"NOT_A_SEVERITY","inspectorScore":"9.8"}]}
            """;

        var violations = ResponseValidator.Validate(inspector, "ListFindings", answer);

        foreach (var missing in new[] { "awsAccountId", "description", "firstObservedAt", "lastObservedAt", "remediation", "resources", "status", "type" })
            Assert.Contains($"findings[0].{missing}: required member is missing", violations);
        Assert.Contains(violations, v => v.StartsWith("findings[0].severity: 'NOT_A_SEVERITY' is not one of Severity's values", StringComparison.Ordinal));
        Assert.Contains("findings[0].inspectorScore: '9.8' (a string) is not a number", violations);
        Assert.DoesNotContain(violations, v => v.StartsWith("findings[0].findingArn", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_json_answer_is_checked_for_patterns_lengths_types_and_unknown_members()
    {
        var ssm = ServiceModels.Require("ssm");
        const string answer = """
            {"CommandInvocations":[{"CommandId":"abc","InstanceId":"instance-1","Status":"Done","CommandPlugins":"none","Statu":"Success"}]}
            """;

        var violations = ResponseValidator.Validate(ssm, "ListCommandInvocations", answer);

        Assert.Contains("CommandInvocations[0].CommandId: 3 characters, the model's minimum is 36", violations);
        Assert.Contains(violations, v => v.StartsWith("CommandInvocations[0].InstanceId: 'instance-1' does not match InstanceId's pattern", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("CommandInvocations[0].Status: 'Done' is not one of CommandInvocationStatus's values", StringComparison.Ordinal));
        Assert.Contains("CommandInvocations[0].CommandPlugins: 'none' (a string) is not a list", violations);
        Assert.Contains("CommandInvocations[0].Statu: CommandInvocation has no such member", violations);
    }

    [SkippableFact]
    public void An_ec2_xml_answer_is_checked_by_element_names_enums_and_integers()
    {
        var ec2 = ServiceModels.Require("ec2");
        const string answer = """
            <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
              <requestId>r-1</requestId>
              <reservationSet><item><instancesSet><item>
                <instanceId>i-0123456789abcdef0</instanceId>
                <instanceState><code>sixteen</code><name>up</name></instanceState>
              </item></instancesSet></item></reservationSet>
              <nextTokn>x</nextTokn>
            </DescribeInstancesResponse>
            """;

        var violations = ResponseValidator.Validate(ec2, "DescribeInstances", answer);

        Assert.Contains("Reservations[0].Instances[0].State.Code: 'sixteen' is not an integer", violations);
        Assert.Contains(violations, v => v.StartsWith("Reservations[0].Instances[0].State.Name: 'up' is not one of InstanceStateName's values", StringComparison.Ordinal));
        Assert.Contains("nextTokn: DescribeInstancesResult has no such member", violations);
        Assert.Single(ResponseValidator.Validate(ec2, "DescribeInstances", "<DescribeVolumesResponse/>"));
    }

    [SkippableFact]
    public void An_sts_query_answer_is_checked_inside_its_result_element()
    {
        var sts = ServiceModels.Require("sts");
        const string answer = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials><AccessKeyId>AS</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>soon</Expiration></Credentials>
                <PackedPolicySize>-1</PackedPolicySize>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """;

        var violations = ResponseValidator.Validate(sts, "AssumeRole", answer);

        Assert.Contains("Credentials.AccessKeyId: 2 characters, the model's minimum is 16", violations);
        Assert.Contains("Credentials.Expiration: 'soon' is not an ISO 8601 timestamp", violations);
        Assert.Contains(violations, v => v.StartsWith("PackedPolicySize: -1", StringComparison.Ordinal));
        Assert.Equal(["AssumeRoleResult: the operation's result element is missing"],
            ResponseValidator.Validate(sts, "AssumeRole", "<AssumeRoleResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>"));
        Assert.Contains("GetCallerIdentityResult: not the operation's result (AssumeRoleResult) or ResponseMetadata",
            ResponseValidator.Validate(sts, "AssumeRole", "<AssumeRoleResponse><GetCallerIdentityResult/><ResponseMetadata/></AssumeRoleResponse>"));
    }

    [SkippableFact]
    public void An_error_without_a_message_is_a_violation()
    {
        var ssm = ServiceModels.Require("ssm");

        var violations = ResponseValidator.Validate(ssm, "CancelCommand", 400, """{"__type":"InvalidCommandId","message":""}"""u8.ToArray());

        Assert.Equal(["(error): InvalidCommandId has an empty message"], violations);
    }

    [SkippableFact]
    public void A_known_deviation_covers_only_its_own_operation_and_member()
    {
        ServiceModels.Require("ec2");

        Assert.True(KnownDeviations.Covers("ec2", "DescribeInstances", "Reservations[3].Instances[0].Platform: 'windows' is not one of PlatformValues's values (Windows)"));
        Assert.False(KnownDeviations.Covers("ec2", "DescribeInstances", "Reservations[3].Instances[0].Platform: 'linux' is not one of PlatformValues's values (Windows)"));
        Assert.False(KnownDeviations.Covers("ec2", "DescribeImages", "Reservations[3].Instances[0].Platform: 'windows' is not one of PlatformValues's values (Windows)"));
        Assert.All(KnownDeviations.All.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
    }
}
