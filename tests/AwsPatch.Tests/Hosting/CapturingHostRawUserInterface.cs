using System.Management.Automation.Host;

namespace AwsPatch.Tests.Hosting;

/// <summary>
/// A fixed-size, screenless raw UI. Its only job is to tell the formatter how wide a line may be
/// (<see cref="Width"/> columns); reading keys or the screen buffer is refused, never waited for.
/// </summary>
public sealed class CapturingHostRawUserInterface : PSHostRawUserInterface
{
    public const int Width = 120;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize { get; set; } = new(Width, 3000);

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; } = 25;

    public override bool KeyAvailable => false;

    public override Size MaxPhysicalWindowSize => new(Width, 50);

    public override Size MaxWindowSize => new(Width, 50);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize { get; set; } = new(Width, 50);

    public override string WindowTitle { get; set; } = "AwsPatch.Tests";

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
        throw CapturingHostUserInterface.NotInteractive(nameof(GetBufferContents));

    public override KeyInfo ReadKey(ReadKeyOptions options) =>
        throw CapturingHostUserInterface.NotInteractive(nameof(ReadKey));

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
    {
    }

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
    {
    }

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
    {
    }
}
