using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsPatch.Aws.Inspector2.Internal
{
    /// <summary>
    /// REST-JSON timestamps without a timestampFormat trait are epoch seconds (possibly fractional). Reads those
    /// (and, leniently, ISO 8601 strings) as UTC <see cref="DateTime"/>; writes epoch seconds.
    /// </summary>
    internal sealed class EpochSecondsDateTimeConverter : JsonConverter<DateTime>
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                // Whole milliseconds: the wire carries at most millisecond precision.
                var seconds = reader.GetDecimal();
                return Epoch.AddTicks((long)decimal.Round(seconds * 1000m) * TimeSpan.TicksPerMillisecond);
            }
            if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var asNumber))
                    return Epoch.AddTicks((long)Math.Round(asNumber * 1000d) * TimeSpan.TicksPerMillisecond);
                if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                    return parsed;
            }
            throw new JsonException($"Expected an epoch-seconds timestamp, got {reader.TokenType}.");
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
        {
            var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
            var milliseconds = (utc - Epoch).Ticks / TimeSpan.TicksPerMillisecond;
            if (milliseconds % 1000 == 0)
                writer.WriteNumberValue(milliseconds / 1000);
            else
                writer.WriteNumberValue(milliseconds / 1000m);
        }
    }
}
