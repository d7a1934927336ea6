using System.Collections.Generic;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Resource a finding is about (for EC2, <see cref="Id"/> is the instance id).</summary>
    internal sealed class Resource
    {
        /// <summary>AWS_EC2_INSTANCE, AWS_ECR_CONTAINER_IMAGE, AWS_ECR_REPOSITORY, AWS_LAMBDA_FUNCTION, CODE_REPOSITORY.</summary>
        public string Type { get; set; } = string.Empty;

        public string Id { get; set; } = string.Empty;

        public string? Partition { get; set; }

        public string? Region { get; set; }

        public Dictionary<string, string>? Tags { get; set; }

        public ResourceDetails? Details { get; set; }
    }
}
