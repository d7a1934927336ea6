using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;

namespace AwsPatch.Aws
{
    /// <summary><see cref="IParameterStoreGateway"/> over the AWS SDK's Systems Manager client.</summary>
    internal sealed class ParameterStoreGateway : IParameterStoreGateway
    {
        private readonly IAmazonSimpleSystemsManagement _client;

        public ParameterStoreGateway(IAmazonSimpleSystemsManagement client)
        {
            _client = client;
        }

        public Task PutAsync(string name, string value, string description, CancellationToken cancellationToken)
        {
            var request = new PutParameterRequest
            {
                Name = name,
                Value = value,
                Description = description,
                Type = ParameterType.String,
                Tier = ParameterTier.Standard,
                Overwrite = false,
            };
            return AwsErrors.CallAsync("ssm:PutParameter", () => _client.PutParameterAsync(request, cancellationToken), cancellationToken);
        }

        public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
        {
            try
            {
                var response = await AwsErrors.CallAsync("ssm:GetParameter", () => _client.GetParameterAsync(new GetParameterRequest { Name = name }, cancellationToken), cancellationToken).ConfigureAwait(false);
                return response.Parameter?.Value;
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "ParameterNotFound")
            {
                return null;
            }
        }

        public async Task<Page<KeyValuePair<string, string>>> GetByPathAsync(string path, string? nextToken, CancellationToken cancellationToken)
        {
            var request = new GetParametersByPathRequest { Path = path, Recursive = true, MaxResults = ParameterStoreLimits.PageSize, NextToken = nextToken };
            var response = await AwsErrors.CallAsync("ssm:GetParametersByPath", () => _client.GetParametersByPathAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var items = (response.Parameters ?? new List<Parameter>()).Select(p => new KeyValuePair<string, string>(p.Name, p.Value ?? string.Empty)).ToList();
            return new Page<KeyValuePair<string, string>>(items, response.NextToken);
        }

        public Task DeleteAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
        {
            var request = new DeleteParametersRequest { Names = names.ToList() };
            return AwsErrors.CallAsync("ssm:DeleteParameters", () => _client.DeleteParametersAsync(request, cancellationToken), cancellationToken);
        }
    }
}
