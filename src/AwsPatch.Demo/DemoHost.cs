using System.Globalization;
using System.Management.Automation.Host;

namespace AwsPatch.Sandbox.Demo;

/// <summary>A plain console host for the demo: text to a writer, progress as one rewritten line on a terminal.</summary>
internal sealed class DemoHost(TextWriter output, bool terminal) : PSHost
{
    private readonly DemoHostUserInterface _ui = new(output, terminal);

    public override string Name => "AwsPatchDemo";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void EnterNestedPrompt() => throw new NotSupportedException("The demo host is not interactive.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("The demo host is not interactive.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }
}
