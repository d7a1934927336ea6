using Amazon;
using Amazon.Runtime;
using AwsPatch.Aws;

namespace AwsPatch.Tests.Unit.Session;

public sealed class AwsSessionRequestTests
{
    private static readonly AWSCredentials Credential = new BasicAWSCredentials("AKIAREQUEST", "request-secret");

    private static AwsSessionRequest Full(AWSCredentials? credential = null, string region = "us-east-1") => new()
    {
        Region = region,
        ProfileName = "dev",
        ProfileLocation = "/tmp/creds",
        Credential = credential ?? Credential,
        AccessKey = "ak",
        SecretKey = "sk",
        SessionToken = "st",
        EndpointUrl = "http://localhost:4566",
        StoredCredentials = "ops",
        StoredRegion = RegionEndpoint.EUWest1,
    };

    [Fact]
    public void Requests_with_equal_members_are_equal_with_equal_hashes()
    {
        Assert.Equal(Full(), Full());
        Assert.Equal(Full().GetHashCode(), Full().GetHashCode());
        Assert.Equal(new AwsSessionRequest(), new AwsSessionRequest());
    }

    [Fact]
    public void Any_differing_member_makes_requests_different()
    {
        Assert.NotEqual(Full(), Full(region: "us-west-2"));
        Assert.NotEqual(Full(), Full(credential: new BasicAWSCredentials("AKIAREQUEST", "request-secret")));
        Assert.NotEqual(Full(), new AwsSessionRequest { Region = "us-east-1" });
        Assert.False(Full().Equals(null));
    }

    [Fact]
    public void The_role_and_external_id_are_part_of_a_request_and_named_without_their_values()
    {
        var role = new AwsSessionRequest { Region = "us-east-1", RoleArn = "arn:aws:iam::210987654321:role/AwsPatch", ExternalId = "tenant-42" };

        Assert.Equal(role, new AwsSessionRequest { Region = "us-east-1", RoleArn = "arn:aws:iam::210987654321:role/AwsPatch", ExternalId = "tenant-42" });
        Assert.NotEqual(role, new AwsSessionRequest { Region = "us-east-1", RoleArn = "arn:aws:iam::210987654321:role/AwsPatch" });
        Assert.NotEqual(role, new AwsSessionRequest { Region = "us-east-1", RoleArn = "arn:aws:iam::123456789012:role/AwsPatch", ExternalId = "tenant-42" });
        Assert.Equal("AwsSessionRequest(-Region, -RoleArn, -ExternalId)", role.ToString());
    }

    [Fact]
    public void Requests_work_as_cache_keys()
    {
        var cache = new Dictionary<AwsSessionRequest, int> { [Full()] = 1 };

        Assert.True(cache.ContainsKey(Full()));
        Assert.False(cache.ContainsKey(Full(region: "eu-west-1")));
    }

    [Fact]
    public void ToString_names_parameters_but_not_values()
    {
        var text = Full().ToString();

        Assert.Equal("AwsSessionRequest(-Region, -ProfileName, -ProfileLocation, -Credential, -AccessKey, -SecretKey, -SessionToken, -EndpointUrl, $StoredAWSCredentials, $StoredAWSRegion)", text);
    }
}
