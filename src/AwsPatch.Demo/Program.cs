// The lifecycle demo: dotnet run --project src/AwsPatch.Demo [-- report.html]
var report = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(Environment.CurrentDirectory, "out", "demo", "report.html");
return await AwsPatch.Sandbox.Demo.DemoRunner.RunAsync(Console.Out, report, terminal: !Console.IsOutputRedirected);
