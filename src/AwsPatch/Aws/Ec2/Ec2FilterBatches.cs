using System;
using System.Collections.Generic;
using System.Linq;

namespace AwsPatch.Aws
{
    /// <summary>
    /// EC2's limit on filters: one call carries at most <see cref="MaxValuesPerCall"/> filter values, counted over all
    /// its filters (more is <c>FilterLimitExceeded</c>). Every EC2 call with filters is cut here, into the fewest calls
    /// that together match exactly what the filters match: EC2 ORs the values of one filter and ANDs the filters, so
    /// splitting one filter's values into batches and sending each batch with the other filters loses nothing.
    /// </summary>
    public static class Ec2FilterBatches
    {
        /// <summary>Filter values one EC2 call may carry, over all its filters.</summary>
        public const int MaxValuesPerCall = 200;

        /// <summary>The number of values in all the filters, as EC2 counts them.</summary>
        public static int CountValues(IReadOnlyDictionary<string, IReadOnlyList<string>> filters) => filters.Sum(f => f.Value.Count);

        /// <summary>How many values of one more filter fit in a call beside <paramref name="others"/> (at least one).</summary>
        public static int Room(IReadOnlyDictionary<string, IReadOnlyList<string>> others) => Math.Max(1, MaxValuesPerCall - CountValues(others));

        /// <summary>
        /// The values of one filter (instance ids, snapshot ids …) in batches that fit beside <paramref name="others"/>:
        /// <see cref="MaxValuesPerCall"/> minus the others' values each, so the fewest calls. Send each batch through
        /// <see cref="Split"/> with the others (one call, unless the others alone are over the limit).
        /// </summary>
        public static IEnumerable<IReadOnlyList<string>> Batches(IReadOnlyList<string> values, IReadOnlyDictionary<string, IReadOnlyList<string>> others)
        {
            var size = Room(others);
            for (var start = 0; start < values.Count; start += size)
                yield return values.Skip(start).Take(size).ToList();
        }

        /// <summary>
        /// <paramref name="others"/> plus <paramref name="name"/> = each batch of <paramref name="values"/>: the filters of
        /// every call that looks the values up, each within the limit.
        /// </summary>
        public static IEnumerable<IReadOnlyDictionary<string, IReadOnlyList<string>>> Calls(IReadOnlyDictionary<string, IReadOnlyList<string>> others, string name, IReadOnlyList<string> values)
        {
            foreach (var batch in Batches(values, others))
            {
                foreach (var call in Split(With(others, name, batch)))
                    yield return call;
            }
        }

        /// <summary>
        /// The filters of each call that together match what <paramref name="filters"/> matches, each within the limit:
        /// the filters themselves when they fit; otherwise the longest value list is cut into batches that fit beside
        /// the other filters (and, if those alone are over the limit, they are cut the same way).
        /// </summary>
        public static IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>> Split(IReadOnlyDictionary<string, IReadOnlyList<string>> filters)
        {
            if (CountValues(filters) <= MaxValuesPerCall)
                return new[] { filters };
            if (filters.Count > MaxValuesPerCall)
                throw new ArgumentException($"{filters.Count} filters cannot fit in one EC2 call: it takes at most {MaxValuesPerCall} filter values.", nameof(filters));

            var longest = filters.OrderByDescending(f => f.Value.Count).ThenBy(f => f.Key, StringComparer.Ordinal).First();
            var rest = CountValues(filters) - longest.Value.Count;
            // Beside others that fit, the batch takes the room they leave; beside others over the limit, a fair share.
            var size = rest < MaxValuesPerCall ? MaxValuesPerCall - rest : Math.Max(1, MaxValuesPerCall / filters.Count);
            var calls = new List<IReadOnlyDictionary<string, IReadOnlyList<string>>>();
            for (var start = 0; start < longest.Value.Count; start += size)
                calls.AddRange(Split(With(filters, longest.Key, longest.Value.Skip(start).Take(size).ToList())));
            return calls;
        }

        private static Dictionary<string, IReadOnlyList<string>> With(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, string name, IReadOnlyList<string> values)
        {
            var copy = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var filter in filters)
                copy[filter.Key] = filter.Value;
            copy[name] = values;
            return copy;
        }
    }
}
