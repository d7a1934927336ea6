using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The SSM records of named instances (DescribeInstanceInformation with an InstanceIds filter, every page). Its API
    /// reference says an id that is not valid or not the account's fails the call (InvalidInstanceId): then each id is
    /// asked alone, and an id refused alone has no record. Callers see the managed instances either way.
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

            foreach (var id in instanceIds)
                records.AddRange(await ManagedAsync(ssm, new[] { id }, pageSize, cancellationToken).ConfigureAwait(false));
            return records;
        }
    }
}
