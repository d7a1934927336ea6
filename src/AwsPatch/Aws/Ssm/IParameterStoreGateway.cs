using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>The Systems Manager Parameter Store calls AwsPatch makes (String parameters, Standard tier). Throws <see cref="AwsCallException"/>.</summary>
    public interface IParameterStoreGateway
    {
        /// <summary>PutParameter without overwrite: a parameter that already exists fails with <c>ParameterAlreadyExists</c>.</summary>
        Task PutAsync(string name, string value, string description, CancellationToken cancellationToken);

        /// <summary>GetParameter: the value, or null when the parameter does not exist (<c>ParameterNotFound</c>).</summary>
        Task<string?> GetAsync(string name, CancellationToken cancellationToken);

        /// <summary>One page of GetParametersByPath (recursive) as name → value; at most <see cref="ParameterStoreLimits.PageSize"/>.</summary>
        Task<Page<KeyValuePair<string, string>>> GetByPathAsync(string path, string? nextToken, CancellationToken cancellationToken);

        /// <summary>DeleteParameters: at most <see cref="ParameterStoreLimits.NamesPerDelete"/> names; names that do not exist are ignored.</summary>
        Task DeleteAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);
    }
}
