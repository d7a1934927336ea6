using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace AwsPatch.Tests.Hosting;

/// <summary>
/// A non-interactive host UI that records every character written to it. Confirmation prompts get
/// <see cref="ConfirmAnswer"/>; anything that would wait for a person (ReadLine, Prompt, credentials)
/// throws a <see cref="HostException"/> at once, so a test fails instead of hanging.
/// Instance state only: each <see cref="PowerShellHost"/> has its own.
/// </summary>
public sealed class CapturingHostUserInterface : PSHostUserInterface
{
    private readonly object _gate = new();
    private readonly StringBuilder _text = new();
    private readonly List<string> _prompts = [];
    private readonly CapturingHostRawUserInterface _rawUI = new();

    /// <summary>The choice given to every ShouldProcess confirmation; <see cref="ConfirmAnswer.No"/> unless a test says otherwise.</summary>
    public ConfirmAnswer ConfirmAnswer { get; set; } = ConfirmAnswer.No;

    public override PSHostRawUserInterface RawUI => _rawUI;

    /// <summary>Everything written to this UI so far.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    /// <summary>The captions and messages of every prompt shown so far (confirmations and refused prompts), in order.</summary>
    public IReadOnlyList<string> Prompts
    {
        get
        {
            lock (_gate)
            {
                return [.. _prompts];
            }
        }
    }

    internal int TextLength
    {
        get
        {
            lock (_gate)
            {
                return _text.Length;
            }
        }
    }

    internal string TextFrom(int start)
    {
        lock (_gate)
        {
            return start >= _text.Length ? string.Empty : _text.ToString(start, _text.Length - start);
        }
    }

    public override void Write(string value) => Append(value);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

    public override void WriteLine(string value) => Append(value + "\n");

    public override void WriteErrorLine(string value) => Append(value + "\n");

    public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");

    public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");

    public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        // Progress is captured as records in PowerShellResult.Progress; drawing it would only add noise.
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
    {
        Record("CHOICE", caption, message);
        if (ConfirmAnswer == ConfirmAnswer.NonInteractive)
        {
            // The message and type of Microsoft.PowerShell.ConsoleHostUserInterface under pwsh -NonInteractive.
            throw new PSInvalidOperationException("PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.");
        }

        string wanted = ConfirmAnswer switch
        {
            ConfirmAnswer.Yes => "Yes",
            ConfirmAnswer.YesToAll => "Yes to All",
            ConfirmAnswer.No => "No",
            ConfirmAnswer.NoToAll => "No to All",
            _ => throw new InvalidOperationException($"Unknown ConfirmAnswer {ConfirmAnswer}."),
        };
        for (int i = 0; i < choices.Count; i++)
        {
            if (string.Equals(choices[i].Label.Replace("&", string.Empty, StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase))
            {
                Append($"[answered: {wanted}]\n");
                return i;
            }
        }

        string offered = string.Join(", ", choices.Select(c => c.Label));
        throw new HostException(
            $"The test host answers choice prompts with ConfirmAnswer '{wanted}', but this prompt ('{caption}') offers only: {offered}.");
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        Record("PROMPT", caption, message + " " + string.Join(", ", descriptions.Select(d => d.Name)));
        throw NotInteractive("Prompt (for " + string.Join(", ", descriptions.Select(d => d.Name)) + ")");
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
    {
        Record("CREDENTIAL", caption, message);
        throw NotInteractive(nameof(PromptForCredential));
    }

    public override PSCredential PromptForCredential(
        string caption,
        string message,
        string userName,
        string targetName,
        PSCredentialTypes allowedCredentialTypes,
        PSCredentialUIOptions options)
    {
        Record("CREDENTIAL", caption, message);
        throw NotInteractive(nameof(PromptForCredential));
    }

    public override string ReadLine() => throw NotInteractive(nameof(ReadLine));

    public override SecureString ReadLineAsSecureString() => throw NotInteractive(nameof(ReadLineAsSecureString));

    internal static HostException NotInteractive(string what) =>
        new($"The AwsPatch test host is non-interactive: {what} is not supported. " +
            "Pass every mandatory parameter, and set ConfirmAnswer for confirmation prompts.");

    private void Record(string kind, string caption, string message)
    {
        lock (_gate)
        {
            _prompts.Add($"{caption}: {message}");
            _text.Append(kind).Append(": ").Append(caption).Append('\n').Append(message).Append('\n');
        }
    }

    private void Append(string value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }
}
