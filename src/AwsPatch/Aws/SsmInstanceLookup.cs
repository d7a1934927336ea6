using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The SSM records of named instances (DescribeInstanceInformation with an InstanceIds filter, every page). Its API
    /// reference says an id that is not valid or not the account's fails the call (InvalidInstanceId), and its error list
    /// counts an instance whose agent is not registered among them: then each half is asked again (so one such id among 50
    /// costs about a dozen calls, not 51), and an id refused alone has no record. Callers see the managed instances
    /// whether Systems Manager refuses such ids or leaves them out.
    /// </summary>
    public static class SsmInstanceLookup
    {
        public static async Task<List<SsmInstanceRecord>> ManagedAsync(ISsmGateway ssm, IReadOnlyList<string> instanceIds, int pageSize, CancellationToken cancellationToken)
        {
            var records = new List<SsmInstanceRecord>();
            try
            {
                await foreach (var record in Pages.AllAsync(token => ssm.DescribeInstanceInformationAsync(instanceIds, pageSize, token, cancellationToken), cancellationToken).ConfigureAwait(false))
                    records.Add(record);
                return records;
            }
            catch (AwsCallException ex) when (ex.ErrorCode == "InvalidInstanceId")
            {
                records.Clear();
                if (instanceIds.Count == 1)
                    return records;
            }

            var half = instanceIds.Count / 2;
            records.AddRange(await ManagedAsync(ssm, instanceIds.Take(half).ToList(), pageSize, cancellationToken).ConfigureAwait(false));
            records.AddRange(await ManagedAsync(ssm, instanceIds.Skip(half).ToList(), pageSize, cancellationToken).ConfigureAwait(false));
            return records;
        }
    }
}
