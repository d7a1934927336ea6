using AwsPatch.HelpCompiler;

// dotnet AwsPatch.HelpCompiler.dll <docs folder> <output folder>, e.g. docs/en-US out/AwsPatch/en-US
if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: AwsPatch.HelpCompiler <docs folder> <output folder>");
    return 2;
}

try
{
    foreach (string path in HelpCompilation.Compile(args[0], args[1]))
    {
        Console.WriteLine($"Help: {path}");
    }

    return 0;
}
catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
