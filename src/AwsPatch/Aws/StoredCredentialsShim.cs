using System;
using System.Reflection;
using Amazon.Runtime;

namespace AwsPatch.Aws;

/// <summary>
/// The one place that understands AWS.Tools' <c>$StoredAWSCredentials</c> without referencing AWS.Tools.
/// AWS.Tools stores an <c>Amazon.PowerShell.Common.AWSPSCredentials</c> whose <c>Credentials</c>
/// (AWSCredentials), <c>Name</c> (string) and <c>Source</c> (enum; <c>Saved</c> = a profile) members are
/// internal, so they are read by name with non-public reflection. If that fails, its <c>ToString()</c>
/// (which AWS.Tools returns as the profile/set name) is used as a profile name.
/// </summary>
internal static class StoredCredentialsShim
{
    private const BindingFlags InstanceMembers =
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>
    /// Reads the stored value. Returns false when there is nothing usable (null, blank text).
    /// On true, <paramref name="credentials"/> is set when an AWSCredentials object was found; otherwise
    /// <paramref name="profileName"/> names the profile to load. Both may be set: credentials taken from a
    /// profile, whose name then also chooses the profile region.
    /// </summary>
    public static bool TryRead(object? stored, out AWSCredentials? credentials, out string? profileName)
    {
        credentials = null;
        profileName = null;
        switch (stored)
        {
            case null:
                return false;
            case AWSCredentials direct:
                credentials = direct;
                return true;
            case string text:
                profileName = NullIfBlank(text);
                return profileName is not null;
        }

        credentials = ReadMember(stored, "Credentials") as AWSCredentials;
        if (credentials is not null)
        {
            // Only a credential set loaded from a profile has a profile name; others carry labels
            // such as "Supplied Key Parameters" that are not profiles.
            var source = ReadMember(stored, "Source")?.ToString();
            if (string.Equals(source, "Saved", StringComparison.Ordinal))
                profileName = NullIfBlank(ReadMember(stored, "Name") as string);
            return true;
        }

        string? fallback;
        try
        {
            fallback = stored.ToString();
        }
        catch (Exception)
        {
            return false;
        }

        // A bare Object.ToString() is the type name, which is no profile name.
        if (string.Equals(fallback, stored.GetType().FullName, StringComparison.Ordinal))
            return false;
        profileName = NullIfBlank(fallback);
        return profileName is not null;
    }

    private static object? ReadMember(object target, string name)
    {
        try
        {
            for (var type = target.GetType(); type is not null; type = type.BaseType)
            {
                var property = type.GetProperty(name, InstanceMembers | BindingFlags.DeclaredOnly);
                if (property is not null && property.GetIndexParameters().Length == 0 && property.GetGetMethod(nonPublic: true) is not null)
                    return property.GetValue(target);
                var field = type.GetField(name, InstanceMembers | BindingFlags.DeclaredOnly)
                    ?? type.GetField("<" + name + ">k__BackingField", InstanceMembers | BindingFlags.DeclaredOnly);
                if (field is not null)
                    return field.GetValue(target);
            }
        }
        catch (Exception ex) when (ex is TargetInvocationException or MemberAccessException or ArgumentException or InvalidOperationException)
        {
            // A member we cannot read is the same as no member: fall back to the profile name.
        }

        return null;
    }

    private static string? NullIfBlank(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
