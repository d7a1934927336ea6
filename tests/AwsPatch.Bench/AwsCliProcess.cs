using System.Diagnostics;

namespace AwsPatch.Bench;

/// <summary>Runs the AWS CLI against the sandbox with dummy keys, as a user's script would.</summary>
internal static class AwsCliProcess
{
    /// <returns>The exit code and output, or null when the CLI is not installed (said on the console).</returns>
    public static async Task<(int ExitCode, string Output, string Error)?> RunAsync(Uri endpoint, IEnumerable<string> arguments)
    {
        var aws = File.Exists("/usr/bin/aws") ? "/usr/bin/aws" : "aws";
        var start = new ProcessStartInfo(aws) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--endpoint-url", endpoint.ToString(), "--region", "us-east-1", "--output", "json" }.Concat(arguments))
            start.ArgumentList.Add(a);
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIASANDBOXEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "sandbox-secret";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = "";
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output, error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("  AWS CLI            not installed (apt-get install -y awscli)");
            return null;
        }
    }
}
