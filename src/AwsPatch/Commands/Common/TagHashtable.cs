using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Reads a <c>-Tag</c> hashtable (<c>@{ Environment = 'staging', 'qa'; Role = 'web' }</c>) as tag key → accepted
    /// values: OR within a key, AND across keys, as EC2 filters and SSM targets take them.
    /// </summary>
    internal static class TagHashtable
    {
        public static Dictionary<string, IReadOnlyList<string>> Read(Hashtable tags, string parameterName = "Tag")
        {
            var filter = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in tags)
            {
                var key = LanguagePrimitives.ConvertTo<string>(entry.Key);
                if (string.IsNullOrWhiteSpace(key))
                    throw new PSArgumentException($"A -{parameterName} key is empty. Pass tag keys and values as @{{ Environment = 'staging' }}.", parameterName);
                var values = LanguagePrimitives.GetEnumerable(entry.Value) is IEnumerable many && !(entry.Value is string)
                    ? many.Cast<object?>().Select(v => LanguagePrimitives.ConvertTo<string>(v)).ToList()
                    : new List<string> { LanguagePrimitives.ConvertTo<string>(entry.Value) };
                if (values.Count == 0 || values.Any(string.IsNullOrEmpty))
                    throw new PSArgumentException($"The -{parameterName} value for '{key}' is empty. Give a value, or an array of values, e.g. @{{ {key} = 'staging', 'production' }}.", parameterName);
                filter[key] = values;
            }
            return filter;
        }
    }
}
