using AwsPatch.Sandbox;

namespace AwsPatch.Tests;

/// <summary>
/// The access keys the test suite signs with, registered in every in-process sandbox the tests start (strict auth, as
/// AWS): the documented pair, and keys with distinctive secrets that tests assert never reach any output.
/// </summary>
public static class TestKeys
{
    /// <summary>Runs and waits (<c>PatchRunTestBase</c>) sign with this.</summary>
    public const string RunAccessKey = "AKIDSANDBOX";
    public const string RunSecret = "sandbox-secret-value";

    /// <summary>Snapshot cmdlet tests (<c>SnapshotCmdletTestBase</c>) sign with this.</summary>
    public const string SnapshotAccessKey = "AKIDSANDBOXSNAP01";
    public const string SnapshotSecret = "sandbox-secret-do-not-print-4711";

    /// <summary>The hosted shell of <c>SandboxShell</c> signs with this.</summary>
    public const string ShellAccessKey = "AKIDSANDBOXCMDLET01";
    public const string ShellSecret = "sandbox-Secret/NeverPrint+42";

    /// <summary>Service-level tests (<c>TestSessions</c>) sign with this.</summary>
    public const string UnitAccessKey = "AKIDEXAMPLE";
    public const string UnitSecret = "unit-test-secret";

    /// <summary>AWS.Tools' <c>$StoredAWSCredentials</c> in the shell-variable tests.</summary>
    public const string StoredAccessKey = "AKIDSTOREDCREDS0001";
    public const string StoredSecret = "stored-secret";

    /// <summary>Temporary credentials (with <see cref="TemporaryToken"/>) that tests register with <c>SandboxCredentials.AddTemporary</c>.</summary>
    public const string TemporaryAccessKey = "ASIASANDBOXTEMP0001";
    public const string TemporaryToken = "sandbox-Token-NeverPrint-777";

    /// <summary>
    /// Keys the Pester suite (tests/pester) and the help's runnable examples (docs/en-US, run by DocExamples.Tests.ps1)
    /// sign with, in the in-process sandbox PesterSuiteTests starts: the help's examples use 'sandbox' / 'sandbox',
    /// which the standalone try-it sandbox (permissive by default) accepts too.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Pester = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sandbox"] = "sandbox",
        ["AKIASANDBOXPESTER01"] = "sandbox-secret-pester",
        ["AKIASANDBOXRUNNER01"] = "sandbox-runner-secret",
        ["AKIASANDBOXPACKAGE"] = "sandbox-secret",
    };

    /// <summary>Every key above but the documented pair, which the sandbox always knows.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [RunAccessKey] = RunSecret,
        [SnapshotAccessKey] = SnapshotSecret,
        [ShellAccessKey] = ShellSecret,
        [UnitAccessKey] = UnitSecret,
        [StoredAccessKey] = StoredSecret,
    }.Concat(Pester).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
}
