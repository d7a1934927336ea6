using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace AwsPatch.Sandbox.Demo;

internal sealed class DemoHostUserInterface(TextWriter output, bool terminal) : PSHostUserInterface
{
    private readonly DemoRawUserInterface _raw = new(terminal ? Math.Clamp(Console.WindowWidth, 80, 200) : 120);
    private static readonly System.Text.RegularExpressions.Regex Escapes = new("\u001b\\[[0-9;?]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.Compiled);
    private readonly object _gate = new();
    private bool _progressShown;

    public override PSHostRawUserInterface RawUI => _raw;

    /// <summary>Colour escape sequences only on a terminal; a file or a pipe gets plain text.</summary>
    public override bool SupportsVirtualTerminal => terminal;

    public override void Write(string value) => Emit(value);
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value)
    {
        if (!terminal) { Emit(value); return; }
        lock (_gate)
        {
            ClearProgress();
            var before = Console.ForegroundColor;
            Console.ForegroundColor = foregroundColor;
            output.Write(value);
            output.Flush();
            Console.ForegroundColor = before;
        }
    }
    public override void WriteLine(string value) => Emit(value + Environment.NewLine);
    public override void WriteErrorLine(string value) => Write(ConsoleColor.Red, ConsoleColor.Black, value + Environment.NewLine);
    public override void WriteDebugLine(string message) => Emit("DEBUG: " + message + Environment.NewLine);
    public override void WriteVerboseLine(string message) => Emit("VERBOSE: " + message + Environment.NewLine);
    public override void WriteWarningLine(string message) => Write(ConsoleColor.Yellow, ConsoleColor.Black, "WARNING: " + message + Environment.NewLine);

    /// <summary>On a terminal, the latest progress as one line rewritten in place; nothing when redirected.</summary>
    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (!terminal) return;
        lock (_gate)
        {
            if (record.RecordType == ProgressRecordType.Completed) { ClearProgress(); return; }
            var percent = record.PercentComplete >= 0 ? $" {record.PercentComplete,3}%" : string.Empty;
            var line = $"  {record.Activity}: {record.StatusDescription}{percent}";
            var width = _raw.BufferSize.Width - 1;
            output.Write("\r" + (line.Length > width ? line[..width] : line.PadRight(width)));
            output.Flush();
            _progressShown = true;
        }
    }

    public override string ReadLine() => throw NotInteractive();
    public override SecureString ReadLineAsSecureString() => throw NotInteractive();
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NotInteractive();
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NotInteractive();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NotInteractive();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NotInteractive();

    private void Emit(string text)
    {
        lock (_gate)
        {
            ClearProgress();
            // The formatter colours table headers whatever the host says; a file or a pipe gets them stripped.
            output.Write(terminal ? text : Escapes.Replace(text, string.Empty));
            output.Flush();
        }
    }

    private void ClearProgress()
    {
        if (!_progressShown) return;
        output.Write("\r" + new string(' ', _raw.BufferSize.Width - 1) + "\r");
        _progressShown = false;
    }

    private static HostException NotInteractive() => new("The demo host is not interactive: the demo passes -Force where a cmdlet would ask.");
}
