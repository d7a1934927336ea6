using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AwsPatch.Aws;
using AwsPatch.Common;

namespace AwsPatch.Instances
{
    /// <summary>The shape of an EC2 instance id: <c>i-</c> and 8 or 17 lower-case hex digits.</summary>
    public static class InstanceIds
    {
        public const string Pattern = "^i-([0-9a-f]{8}|[0-9a-f]{17})$";

        private static readonly Regex Shape = new Regex(Pattern, RegexOptions.CultureInvariant);

        public static bool IsValid(string? id) => id != null && Shape.IsMatch(id);

        /// <summary>The distinct ids in input order: those shaped like an instance id, and an <c>InvalidInstanceId</c> failure for each other one.</summary>
        public static (List<string> Valid, List<ItemFailure> Malformed) Check(IEnumerable<string> ids)
        {
            var valid = new List<string>();
            var malformed = new List<ItemFailure>();
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
            {
                if (IsValid(id))
                    valid.Add(id);
                else
                    malformed.Add(Malformed(id));
            }
            return (valid, malformed);
        }

        public static ItemFailure Malformed(string id) => new ItemFailure(
            id,
            "InvalidInstanceId",
            AwsErrorKind.InvalidInput,
            $"'{id}' is not a valid EC2 instance id.",
            "Instance ids look like i-0123456789abcdef0 (i- followed by 8 or 17 lower-case hexadecimal digits).");
    }
}
