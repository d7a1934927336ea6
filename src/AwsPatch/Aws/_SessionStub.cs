// TEMPORARY: stands in for the session helper's branch until it merges. Delete on merge.
using System;
using Amazon;
using Amazon.Runtime;
namespace AwsPatch.Aws
{
    public sealed class AwsSessionRequest
    {
        public string? Region { get; init; }
        public string? ProfileName { get; init; }
        public string? ProfileLocation { get; init; }
        public AWSCredentials? Credential { get; init; }
        public string? AccessKey { get; init; }
        public string? SecretKey { get; init; }
        public string? SessionToken { get; init; }
        public string? EndpointUrl { get; init; }
        public object? StoredCredentials { get; init; }
        public object? StoredRegion { get; init; }
    }
    public sealed class AwsSession
    {
        public AwsSession(AWSCredentials c, RegionEndpoint r, Uri? e) { Credentials = c; Region = r; EndpointUrl = e; }
        public AWSCredentials Credentials { get; }
        public string CredentialSource => "stub";
        public RegionEndpoint Region { get; }
        public string RegionName => Region.SystemName;
        public string RegionSource => "stub";
        public Uri? EndpointUrl { get; }
        public string? EndpointSource => null;
    }
    public enum AwsSessionErrorKind { NoCredentials, NoRegion, ProfileNotFound, IncompleteKeys, InvalidRegion, InvalidEndpointUrl }
    public sealed class AwsSessionException : Exception
    {
        public AwsSessionException(AwsSessionErrorKind k, string m, string a) : base(m) { Kind = k; RecommendedAction = a; }
        public AwsSessionErrorKind Kind { get; }
        public string ErrorId => Kind.ToString();
        public string RecommendedAction { get; }
    }
    public sealed class AwsSessionResolver
    {
        public AwsSessionResolver() { }
        public AwsSessionResolver(Func<string, string?> env) { }
        public AwsSession Resolve(AwsSessionRequest r) => new AwsSession(new BasicAWSCredentials(r.AccessKey ?? "a", r.SecretKey ?? "b"), RegionEndpoint.GetBySystemName(r.Region ?? "us-east-1"), r.EndpointUrl is null ? null : new Uri(r.EndpointUrl));
    }
    public sealed class AwsClientFactory
    {
        public Amazon.EC2.IAmazonEC2 CreateEc2(AwsSession s) { var c = new Amazon.EC2.AmazonEC2Config(); if (s.EndpointUrl != null) { c.ServiceURL = s.EndpointUrl.ToString(); c.AuthenticationRegion = s.RegionName; } else c.RegionEndpoint = s.Region; return new Amazon.EC2.AmazonEC2Client(s.Credentials, c); }
        public Amazon.SimpleSystemsManagement.IAmazonSimpleSystemsManagement CreateSsm(AwsSession s) { var c = new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementConfig(); if (s.EndpointUrl != null) { c.ServiceURL = s.EndpointUrl.ToString(); c.AuthenticationRegion = s.RegionName; } else c.RegionEndpoint = s.Region; return new Amazon.SimpleSystemsManagement.AmazonSimpleSystemsManagementClient(s.Credentials, c); }
    }
}
