using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// The one JSON contract for Inspector2 bodies: member names are the model's (camelCase of our property names;
    /// the odd one out, <c>Url</c>, carries an attribute), nulls are omitted, timestamps are epoch seconds,
    /// unknown response members are ignored (the service adds members over time).
    /// </summary>
    internal static class Inspector2Json
    {
        public static readonly JsonSerializerOptions Options = Create();

        private static JsonSerializerOptions Create()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                DictionaryKeyPolicy = null,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                PropertyNameCaseInsensitive = false,
                NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            };
            options.Converters.Add(new EpochSecondsDateTimeConverter());
            return options;
        }
    }
}
