using System.Management.Automation;
using AwsPatch.Sandbox;
using AwsPatch.Tests.Hosting;

namespace AwsPatch.Tests.Cmdlets;

/// <summary>Get-PatchInstance through the real engine against the in-process sandbox.</summary>
public sealed class GetPatchInstanceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly SandboxServer _sandbox = fixture.Server;
    private readonly PowerShellHost _ps = SandboxShell.Create(fixture.Server);

    public void Dispose()
    {
        _sandbox.Faults.Clear();
        _ps.Dispose();
    }

    private IReadOnlyList<SandboxInstance> Fleet(string region) => _sandbox.State.InstancesIn(region);

    [Fact]
    public void Lists_the_region_with_ssm_details_merged_in_two_calls()
    {
        _sandbox.Counters.Reset();
        var result = _ps.Invoke("Get-PatchInstance @aws");

        Assert.Empty(result.Errors);
        var instances = result.OutputOf<PatchInstance>();
        var fleet = Fleet("us-east-1");
        Assert.Equal(fleet.Select(i => i.InstanceId).Order(), instances.Select(i => i.InstanceId).Order());
        foreach (var expected in fleet)
        {
            var actual = instances.Single(i => i.InstanceId == expected.InstanceId);
            // No record for a stopped instance is not "not managed": Systems Manager's reference says it lists no stopped instance.
            var listed = expected.Ssm != null && expected.State != "stopped";
            Assert.Equal(listed ? true : expected.State == "stopped" ? null : false, actual.IsManaged);
            Assert.Equal(listed ? SsmAgentState.Managed : expected.State == "stopped" ? SsmAgentState.Unknown : SsmAgentState.NotManaged, actual.AgentState);
            Assert.Equal(listed ? expected.Ssm!.PingStatus : null, actual.SsmPingStatus);
            Assert.Equal(listed ? expected.Ssm!.AgentVersion : null, actual.AgentVersion);
            Assert.Equal(expected.IsWindows ? "Windows" : "Linux", actual.Platform);
            Assert.Equal(expected.State, actual.State);
            Assert.Equal(expected.Tags.GetValueOrDefault("Environment"), actual.Environment);
            Assert.Equal(expected.PatchGroup, actual.PatchGroup);
            Assert.Equal(expected.Volumes.Count, actual.VolumeIds.Count);
            Assert.Equal(actual.RootDeviceVolumeId, actual.VolumeIds[0]);
            Assert.Equal("us-east-1", actual.Region);
            Assert.Equal("123456789012", actual.AccountId);
        }
        Assert.Equal(1, _sandbox.Counters["ec2:DescribeInstances"]);
        Assert.Equal(1, _sandbox.Counters["ssm:DescribeInstanceInformation"]);
    }

    [Fact]
    public void Tag_and_patch_group_filters_run_in_ec2()
    {
        var staging = _ps.Invoke("Get-PatchInstance @aws -Tag @{ Environment = 'staging' }").OutputOf<PatchInstance>();
        Assert.Equal(Fleet("us-east-1").Count(i => i.Tags.GetValueOrDefault("Environment") == "staging"), staging.Count);
        Assert.All(staging, i => Assert.Equal("staging", i.Environment));

        var groups = _ps.Invoke("Get-PatchInstance @aws -PatchGroup db-prod, windows-prod -ManagedOnly").OutputOf<PatchInstance>();
        // A stopped instance is one Systems Manager does not list: its agent state is Unknown, so -ManagedOnly leaves it out.
        var expected = Fleet("us-east-1").Where(i => i.Ssm != null && i.State != "stopped" && i.PatchGroup is "db-prod" or "windows-prod");
        Assert.Equal(expected.Select(i => i.InstanceId).Order(), groups.Select(i => i.InstanceId).Order());
    }

    [Fact]
    public void Bad_and_unknown_ids_are_errors_for_that_item_and_the_rest_come_out()
    {
        _ps.SetVariable("known", Fleet("us-east-1")[0].InstanceId);
        var result = _ps.Invoke("'i-notanid', $known, 'i-0123456789abcdef0' | Get-PatchInstance @aws");

        Assert.Equal(Fleet("us-east-1")[0].InstanceId, Assert.Single(result.OutputOf<PatchInstance>()).InstanceId);
        Assert.Collection(result.Errors.OrderBy(e => e.FullyQualifiedErrorId),
            e =>
            {
                Assert.StartsWith("InstanceNotFound,", e.FullyQualifiedErrorId);
                Assert.Equal("i-0123456789abcdef0", e.TargetObject);
                Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
                Assert.Contains("us-east-1", e.Exception.Message);
                Assert.Contains("-Region", e.ErrorDetails.RecommendedAction);
            },
            e =>
            {
                Assert.StartsWith("InvalidInstanceId,", e.FullyQualifiedErrorId);
                Assert.Equal("i-notanid", e.TargetObject);
                Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            });
        Assert.Null(result.Terminating);
    }

    [Fact]
    public void Objects_carrying_a_region_run_in_their_own_region_and_our_output_pipes_back_in()
    {
        _ps.SetVariable("eu", Fleet("eu-west-1")[0].InstanceId);
        _ps.SetVariable("us", Fleet("us-east-1")[1].InstanceId);
        var mixed = _ps.Invoke("""
            [pscustomobject]@{ InstanceId = $eu; Region = 'eu-west-1' }, [pscustomobject]@{ InstanceId = $us; Region = 'us-east-1' } |
                Get-PatchInstance @awsNoRegion
            """);
        Assert.Empty(mixed.Errors);
        Assert.Equal(
            new[] { (Fleet("eu-west-1")[0].InstanceId, "eu-west-1"), (Fleet("us-east-1")[1].InstanceId, "us-east-1") }.Order(),
            mixed.OutputOf<PatchInstance>().Select(i => (i.InstanceId, i.Region)).Order());

        var roundTrip = _ps.Invoke("Get-PatchInstance @aws -PatchGroup web-staging | Get-PatchInstance @awsNoRegion");
        Assert.Empty(roundTrip.Errors);
        Assert.Equal(Fleet("us-east-1").Count(i => i.PatchGroup == "web-staging"), roundTrip.Output.Count);
    }

    [Fact]
    public void A_region_that_does_not_hold_the_instance_says_so()
    {
        _ps.SetVariable("eu", Fleet("eu-west-1")[0].InstanceId);
        var result = _ps.Invoke("Get-PatchInstance @aws -InstanceId $eu");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InstanceNotFound,", error.FullyQualifiedErrorId);
        Assert.Contains("was not found in us-east-1", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void No_matching_tag_is_an_error_naming_the_filter()
    {
        var result = _ps.Invoke("Get-PatchInstance @aws -Tag @{ Environment = 'qa' }");
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("NoMatchingInstance,", error.FullyQualifiedErrorId);
        Assert.Contains("Environment=qa", error.Exception.Message);
    }

    [Fact]
    public void Without_ssm_permission_instances_still_come_out_unknown_with_one_warning()
    {
        _sandbox.Faults.For("ssm:DescribeInstanceInformation").Denied = true;
        var result = _ps.Invoke("Get-PatchInstance @aws");

        Assert.Empty(result.Errors);
        var instances = result.OutputOf<PatchInstance>();
        Assert.Equal(Fleet("us-east-1").Count, instances.Count);
        Assert.All(instances, i => Assert.Equal(SsmAgentState.Unknown, i.AgentState));
        Assert.All(instances, i => Assert.Null(i.IsManaged));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("ssm:DescribeInstanceInformation failed with AccessDeniedException (HTTP 400, request id ", warning.Message);
        Assert.Contains("Grant the caller permission for ssm:DescribeInstanceInformation", warning.Message);
    }

    [Fact]
    public void Under_an_ssm_outage_every_agent_is_unknown_and_one_warning_names_the_failure()
    {
        // Every attempt answers InternalServerError: the SDK retries, then gives up.
        _sandbox.Faults.For("ssm:DescribeInstanceInformation").ServerErrorRate = 1;
        var result = _ps.Invoke("Get-PatchInstance @aws");

        Assert.Empty(result.Errors);
        var instances = result.OutputOf<PatchInstance>();
        Assert.Equal(Fleet("us-east-1").Count, instances.Count);
        Assert.All(instances, i =>
        {
            Assert.Equal(SsmAgentState.Unknown, i.AgentState);
            Assert.Null(i.IsManaged);
            Assert.Null(i.SsmPingStatus);
        });
        var warning = Assert.Single(result.Warnings).Message;
        Assert.Contains("Could not read the SSM agent state in us-east-1", warning);
        Assert.Contains("ssm:DescribeInstanceInformation failed with InternalServerError (HTTP 500, request id ", warning);
        Assert.Contains("AgentState Unknown", warning);
        Assert.DoesNotContain('\n', warning);

        _ps.Invoke("Get-PatchInstance @aws -WarningAction SilentlyContinue | Out-Default");
        var table = PowerShellHost.StripAnsi(_ps.HostText);
        Assert.Contains("(unknown)", table);
        Assert.DoesNotContain("(not managed)", table);
    }

    [Fact]
    public void Managed_only_cannot_be_answered_without_ssm_so_it_is_an_error()
    {
        _sandbox.Faults.For("ssm:DescribeInstanceInformation").Denied = true;
        var result = _ps.Invoke("Get-PatchInstance @aws -ManagedOnly");

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AccessDenied,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("ssm:DescribeInstanceInformation", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void When_ec2_denies_the_listing_it_ends_with_one_error_naming_the_permission()
    {
        _sandbox.Faults.For("ec2:DescribeInstances").Denied = true;
        var result = _ps.Invoke("Get-PatchInstance @aws; 'next statement ran'");

        // A cmdlet's terminating error ends its statement; the script goes on, as in any PowerShell script.
        Assert.Equal("next statement ran", Assert.Single(result.Output).BaseObject);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AccessDenied,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("UnauthorizedOperation", error.Exception.Message);
        Assert.Contains("ec2:DescribeInstances", error.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void Without_a_region_anywhere_one_terminating_error_names_the_options()
    {
        // An explicit, empty profile file: no region in any profile; the instance-metadata step is off in tests.
        var profiles = Path.Join(Path.GetTempPath(), $"awspatch-{Guid.NewGuid():N}");
        File.WriteAllText(profiles, "[nothing]\naws_access_key_id = AKIDPROFILE00000001\naws_secret_access_key = profile-secret\n");
        try
        {
            _ps.SetVariable("profiles", profiles);
            var result = _ps.Invoke("Get-PatchInstance -EndpointUrl $endpoint -ProfileName nothing -ProfileLocation $profiles");
            if (Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } || Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 })
                return; // this machine supplies a region through the environment: nothing to assert here.

            Assert.Empty(result.Output);
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("NoRegion,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("-Region", error.ErrorDetails.RecommendedAction);
            Assert.Contains("Set-DefaultAWSRegion", error.ErrorDetails.RecommendedAction);
            Assert.DoesNotContain("profile-secret", result.AllText);
        }
        finally
        {
            File.Delete(profiles);
        }
    }

    [Fact]
    public void Shell_variables_of_AWS_Tools_supply_region_and_credentials()
    {
        _ps.SetVariable("StoredAWSRegion", "eu-west-1");
        _ps.SetVariable("StoredAWSCredentials", new Amazon.Runtime.BasicAWSCredentials("AKIDSTOREDCREDS0001", "stored-secret"));
        var result = _ps.Invoke("Get-PatchInstance -EndpointUrl $endpoint -Debug");

        Assert.Empty(result.Errors);
        Assert.Equal(Fleet("eu-west-1").Select(i => i.InstanceId).Order(), result.OutputOf<PatchInstance>().Select(i => i.InstanceId).Order());
        Assert.Contains(result.Debug, d => d.Message.Contains("$StoredAWSRegion") && d.Message.Contains("$StoredAWSCredentials"));
        Assert.DoesNotContain("stored-secret", result.AllText);
    }

    [Fact]
    public void No_secret_reaches_any_stream_or_the_host()
    {
        // Temporary credentials as STS issues them: the strict sandbox accepts the token only with its own key.
        _sandbox.Credentials.AddTemporary(TestKeys.TemporaryAccessKey, SandboxShell.SecretKey, TestKeys.TemporaryToken, DateTimeOffset.UtcNow.AddHours(1));
        _ps.SetVariable("token", TestKeys.TemporaryToken);
        _ps.SetVariable("tak", TestKeys.TemporaryAccessKey);
        var result = _ps.Invoke("""
            $temp = @{ EndpointUrl = $endpoint; AccessKey = $tak; SecretKey = $sk; SessionToken = $token; Region = 'us-east-1' }
            'i-notanid', 'i-0123456789abcdef0' | Get-PatchInstance @temp -Verbose -Debug
            Get-PatchInstance @temp -Verbose -Debug | Out-Default
            Get-PatchInstance @aws -EndpointUrl 'not a url' -Debug
            """);

        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("InvalidInstanceId,"));
        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("InvalidEndpointUrl,"));
        foreach (var secret in new[] { SandboxShell.SecretKey, "sandbox-Token-NeverPrint-777" })
        {
            Assert.DoesNotContain(secret, result.AllText);
            Assert.DoesNotContain(secret, _ps.HostText);
        }
    }

    [Fact]
    public void The_default_view_renders_a_readable_table()
    {
        _ps.Invoke("Get-PatchInstance @aws | Out-Default");
        var text = PowerShellHost.StripAnsi(_ps.HostText);

        Assert.Contains("InstanceId", text);
        Assert.Contains("SsmPingStatus", text);
        Assert.Contains("(not managed)", text);
        Assert.DoesNotContain("AwsPatch.PatchInstance", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 120, line));
    }

    [Fact]
    public void Stop_ends_a_listing_that_is_waiting_on_aws_without_an_error()
    {
        _sandbox.Faults.For("ec2:DescribeInstances").LatencyMs = 30_000;
        _sandbox.Counters.Reset();
        using var shell = _ps.CreateShell("Get-PatchInstance @aws");
        var running = shell.BeginInvoke();

        // Stop only once the request is really in flight at the sandbox.
        Assert.True(SpinWait.SpinUntil(() => _sandbox.Counters["ec2:DescribeInstances"] > 0, TimeSpan.FromSeconds(30)));
        shell.Stop();

        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.True(running.IsCompleted);
        Assert.Empty(shell.Streams.Error);
    }
}
