namespace AwsPatch.Aws;

/// <summary>Why no <see cref="AwsSession"/> could be resolved. Each name is also the stable error id.</summary>
public enum AwsSessionErrorKind
{
    NoCredentials,
    NoRegion,
    ProfileNotFound,
    IncompleteKeys,
    InvalidRegion,
    InvalidEndpointUrl,
    InvalidRoleArn,
    ContradictoryTargets,
}
