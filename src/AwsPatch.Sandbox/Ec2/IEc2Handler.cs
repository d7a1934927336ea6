using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ec2;

/// <summary>One concern of EC2 (instances, volumes, later snapshots): the actions it answers.</summary>
internal interface IEc2Handler
{
    IReadOnlyCollection<string> Actions { get; }

    /// <summary>Writes the response body for <paramref name="call"/>; throws <see cref="AwsApiException"/> for EC2 errors.</summary>
    void Handle(AwsCallContext call, QueryParameters query, Ec2ResponseWriter response);
}
