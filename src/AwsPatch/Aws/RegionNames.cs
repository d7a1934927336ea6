using System;
using System.Linq;
using System.Text.RegularExpressions;
using Amazon;

namespace AwsPatch.Aws;

/// <summary>Region code validation: the SDK's list, or the region-code shape so regions newer than the SDK still work.</summary>
internal static class RegionNames
{
    // us-east-1, us-gov-west-1, ap-southeast-7, eusc-de-east-1, us-isob-east-1 …
    private static readonly Regex Shape = new(@"^[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}$", RegexOptions.CultureInvariant);

    public static bool TryParse(string? text, out RegionEndpoint? region)
    {
        region = null;
        var name = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
            return false;

        region = RegionEndpoint.EnumerableAllRegions.FirstOrDefault(r => string.Equals(r.SystemName, name, StringComparison.Ordinal));
        if (region is null && Shape.IsMatch(name))
            region = RegionEndpoint.GetBySystemName(name);
        return region is not null;
    }
}
