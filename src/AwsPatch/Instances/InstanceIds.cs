using System.Text.RegularExpressions;

namespace AwsPatch.Instances
{
    /// <summary>The shape of an EC2 instance id: <c>i-</c> and 8 or 17 lower-case hex digits.</summary>
    public static class InstanceIds
    {
        public const string Pattern = "^i-([0-9a-f]{8}|[0-9a-f]{17})$";

        private static readonly Regex Shape = new Regex(Pattern, RegexOptions.CultureInvariant);

        public static bool IsValid(string? id) => id != null && Shape.IsMatch(id);
    }
}
