namespace AwsPatch.Tests.Hosting;

/// <summary>
/// The answer the capturing host gives to every ShouldProcess confirmation prompt
/// (<c>-Confirm</c>, or <c>$ConfirmPreference</c> at or below a cmdlet's impact).
/// </summary>
public enum ConfirmAnswer
{
    /// <summary>Refuse this item ("No"). The default: a test that forgets to choose never changes anything.</summary>
    No,

    /// <summary>Refuse this and every later item of the same command ("No to All").</summary>
    NoToAll,

    /// <summary>Approve this item ("Yes").</summary>
    Yes,

    /// <summary>Approve this and every later item of the same command ("Yes to All").</summary>
    YesToAll,

    /// <summary>
    /// Answer nothing, as <c>pwsh -NonInteractive</c> does: the prompt throws the console host's
    /// <see cref="System.Management.Automation.PSInvalidOperationException"/> ("PowerShell is in NonInteractive mode …").
    /// </summary>
    NonInteractive,
}
