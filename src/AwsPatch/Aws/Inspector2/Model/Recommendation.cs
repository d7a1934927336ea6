using System.Text.Json.Serialization;

namespace AwsPatch.Aws.Inspector2
{
    /// <summary>Recommendation: <c>text</c> and <c>Url</c> (capital U in the model).</summary>
    internal sealed class Recommendation
    {
        public string? Text { get; set; }

        [JsonPropertyName("Url")]
        public string? Url { get; set; }
    }
}
