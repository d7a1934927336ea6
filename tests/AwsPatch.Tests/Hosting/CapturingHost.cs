using System.Globalization;
using System.Management.Automation.Host;

namespace AwsPatch.Tests.Hosting;

/// <summary>A minimal PSHost whose UI is a <see cref="CapturingHostUserInterface"/>; no nested prompts, no exit.</summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingHostUserInterface _ui = new();

    public override string Name => "AwsPatch.Tests";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    /// <summary>The same object as <see cref="UI"/>, typed.</summary>
    public CapturingHostUserInterface CapturingUI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void EnterNestedPrompt() => throw CapturingHostUserInterface.NotInteractive(nameof(EnterNestedPrompt));

    public override void ExitNestedPrompt() => throw CapturingHostUserInterface.NotInteractive(nameof(ExitNestedPrompt));

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }
}
