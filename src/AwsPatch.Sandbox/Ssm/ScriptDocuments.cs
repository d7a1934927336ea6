using AwsPatch.Sandbox.Protocol;

namespace AwsPatch.Sandbox.Ssm;

/// <summary>
/// The AWS-owned command documents that run a script, as Systems Manager defines them: AWS-RunShellScript (platform
/// types Linux and MacOS) and AWS-RunPowerShellScript (Windows and Linux), each with the parameters <c>commands</c>
/// (a StringList, required), <c>workingDirectory</c> and <c>executionTimeout</c>. The sandbox does not run the
/// commands: an invocation succeeds after <see cref="RunCommandSimulation.ScriptDuration"/> unless the instance's
/// command fault says otherwise (Fail, Timeout, Undeliverable), exactly as for AWS-RunPatchBaseline.
/// </summary>
internal static class ScriptDocuments
{
    private static readonly Dictionary<string, string[]> PlatformTypes = new(StringComparer.Ordinal)
    {
        ["AWS-RunShellScript"] = ["Linux", "MacOS"],
        ["AWS-RunPowerShellScript"] = ["Windows", "Linux"],
    };

    private static readonly string[] Parameters = ["commands", "workingDirectory", "executionTimeout"];

    public static bool IsScript(string document) => PlatformTypes.ContainsKey(document);

    /// <summary>Whether the document's parameter takes a list (<c>commands</c>).</summary>
    public static bool IsList(string document, string parameter) => IsScript(document) && parameter == "commands";

    /// <summary>Whether the document runs on an instance of that SSM platform type (Linux, Windows, MacOS).</summary>
    public static bool Supports(string document, string? platformType) =>
        !PlatformTypes.TryGetValue(document, out var types) || types.Contains(platformType ?? "Linux", StringComparer.Ordinal);

    public static void Validate(string document, IReadOnlyDictionary<string, List<string>> parameters)
    {
        if (!IsScript(document))
            throw new AwsApiException("InvalidDocument", $"Document with name {document} does not exist.");
        foreach (var name in parameters.Keys.Where(n => !Parameters.Contains(n, StringComparer.Ordinal)))
            throw new AwsApiException("InvalidParameters", $"Parameter \"{name}\" is not defined in the document {document}.");
        if (!parameters.TryGetValue("commands", out var commands) || commands.Count == 0)
            throw new AwsApiException("InvalidParameters", $"Parameter \"commands\" is required by the document {document}.");
        if (parameters.TryGetValue("executionTimeout", out var timeout) && timeout.Any(t => !int.TryParse(t, out var s) || s < 1 || s > 172800))
            throw new AwsApiException("InvalidParameters", "Parameter \"executionTimeout\" failed to satisfy constraint: allowedPattern ([1-9][0-9]{0,4})|(1[0-6][0-9]{4})|(17[0-1][0-9]{3})|(172[0-7][0-9]{2})|(172800).");
    }
}
