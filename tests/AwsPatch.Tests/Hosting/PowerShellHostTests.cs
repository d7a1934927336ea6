using System.Management.Automation;
using System.Reflection;

namespace AwsPatch.Tests.Hosting;

public sealed class PowerShellHostTests
{
    [Fact]
    public void Imports_exactly_one_AwsPatch_assembly_the_one_the_tests_reference()
    {
        using var host = PowerShellHost.Create();

        // The AwsPatch.dll the test assembly binds to (through its deps.json) ...
        string referenced = Assembly.Load(new AssemblyName("AwsPatch")).Location;
        Assert.Equal(Path.Join(AppContext.BaseDirectory, "AwsPatch.dll"), referenced);

        // ... is the one the imported module runs on, and it is the only one in the process.
        Assert.Equal("AwsPatch", host.Module.Name);
        Assert.Equal(referenced, host.Module.ImplementingAssembly?.Location);
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a.GetName().Name == "AwsPatch")
            .ToList();
        Assert.Single(loaded);
        Assert.Equal(referenced, loaded[0].Location);
    }

    [Fact]
    public void Invoke_collects_output_and_every_stream()
    {
        using var host = PowerShellHost.Create();

        // The hosted engine has no Write-Error/Write-Warning/Write-Host (Microsoft.PowerShell.Utility is not in
        // the System.Management.Automation package): an advanced function writes through $PSCmdlet instead.
        var result = host.Invoke("""
            function Write-Everything {
                [CmdletBinding()] param()
                1, 2
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.Exception]::new('bad thing'), 'BadThing', 'InvalidArgument', 'i-0123456789abcdef0'))
                $PSCmdlet.WriteWarning('careful')
                $PSCmdlet.WriteVerbose('talking')
                $PSCmdlet.WriteDebug('details')
                $PSCmdlet.WriteInformation('fyi', [string[]]@('note'))
                $PSCmdlet.WriteProgress([System.Management.Automation.ProgressRecord]::new(1, 'working', 'half'))
                $Host.UI.WriteLine('to the host')
                3
            }
            $DebugPreference = 'Continue'
            Write-Everything -Verbose -InformationAction Continue
            """);

        Assert.Null(result.Terminating);
        Assert.Equal([1, 2, 3], result.OutputOf<int>());
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("BadThing,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("i-0123456789abcdef0", error.TargetObject);
        Assert.Equal("careful", Assert.Single(result.Warnings).Message);
        Assert.Equal("talking", Assert.Single(result.Verbose).Message);
        Assert.Equal("details", Assert.Single(result.Debug).Message);
        Assert.Contains(result.Information, i => i.MessageData.ToString() == "fyi");
        Assert.Contains(result.Progress, p => p.Activity == "working");
        Assert.Contains("to the host", result.HostText);
        Assert.Contains("to the host", host.HostText);
        foreach (string text in new[] { "bad thing", "careful", "talking", "details", "fyi", "working", "to the host", "i-0123456789abcdef0" })
        {
            Assert.Contains(text, result.AllText);
        }
    }

    [Fact]
    public void A_terminating_error_is_captured_with_the_output_before_it()
    {
        using var host = PowerShellHost.Create();

        var result = host.Invoke("'before'; throw [System.InvalidOperationException]::new('outer', [System.Exception]::new('inner secret')); 'after'");

        Assert.Equal(["before"], result.OutputOf<string>());
        var terminating = Assert.IsAssignableFrom<RuntimeException>(result.Terminating);
        Assert.Contains("outer", terminating.Message);
        Assert.Contains("outer", result.AllText);
        Assert.Contains("inner secret", result.AllText);
    }

    [Fact]
    public void HostText_of_a_result_covers_only_its_own_invocation()
    {
        using var host = PowerShellHost.Create();

        var first = host.Invoke("$Host.UI.WriteLine('first')");
        var second = host.Invoke("'second' | Out-Default");

        Assert.Contains("first", first.HostText);
        Assert.DoesNotContain("first", second.HostText);
        Assert.Contains("second", second.HostText);
        Assert.Contains("first", host.HostText);
        Assert.Contains("second", host.HostText);
    }

    [Fact]
    public void SetVariable_is_visible_to_scripts()
    {
        using var host = PowerShellHost.Create();

        host.SetVariable("StoredAWSRegion", "eu-west-1");

        Assert.Equal(["eu-west-1"], host.Invoke("$StoredAWSRegion").OutputOf<string>());
    }

    [Fact]
    public void Hosts_are_isolated_from_each_other()
    {
        using var a = PowerShellHost.Create();
        using var b = PowerShellHost.Create();

        a.SetVariable("only", "a");
        a.Invoke("$Host.UI.WriteLine('only in a')");

        Assert.DoesNotContain(b.Invoke("$only").Output, o => o is not null);
        Assert.DoesNotContain("only in a", b.HostText);
    }

    [Theory]
    [InlineData(ConfirmAnswer.No, new string[0])]
    [InlineData(ConfirmAnswer.Yes, new[] { "a" })]
    [InlineData(ConfirmAnswer.YesToAll, new[] { "a", "b" })]
    [InlineData(ConfirmAnswer.NoToAll, new string[0])]
    public void Confirm_prompts_get_the_configured_answer_without_blocking(ConfirmAnswer answer, string[] expected)
    {
        using var host = PowerShellHost.Create();
        host.ConfirmAnswer = answer;

        // A script cmdlet is enough to exercise the host's ShouldProcess path.
        var result = host.Invoke("""
            function Remove-Thing {
                [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
                param([Parameter(ValueFromPipeline)][string]$Name)
                process { if ($PSCmdlet.ShouldProcess($Name, 'Remove thing')) { $Name } }
            }
            'a', 'b' | Remove-Thing -Confirm
            """);

        Assert.Null(result.Terminating);
        if (answer is ConfirmAnswer.Yes)
        {
            // "Yes" approves one item; the next prompt gets "Yes" again.
            expected = ["a", "b"];
        }

        Assert.Equal(expected, result.OutputOf<string>());
        Assert.NotEmpty(host.UI.Prompts);
        Assert.Contains("Remove thing", result.HostText);
    }

    [Fact]
    public void The_default_confirm_answer_is_no()
    {
        using var host = PowerShellHost.Create();

        Assert.Equal(ConfirmAnswer.No, host.ConfirmAnswer);
        var result = host.Invoke("""
            function Remove-Thing {
                [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
                param()
                if ($PSCmdlet.ShouldProcess('x', 'Remove thing')) { 'removed' }
            }
            Remove-Thing
            """);

        Assert.Empty(result.Output);
        Assert.Single(host.UI.Prompts);
    }

    [Theory]
    [InlineData("$Host.UI.ReadLine()")]
    [InlineData("$Host.UI.ReadLineAsSecureString()")]
    [InlineData("$Host.UI.PromptForCredential('c', 'm', 'u', 't')")]
    public void Interactive_requests_fail_fast_instead_of_hanging(string script)
    {
        using var host = PowerShellHost.Create();

        var result = host.Invoke(script);

        Assert.Empty(result.Output);
        Assert.Contains("non-interactive", result.AllText);
    }

    [Fact]
    public void A_missing_mandatory_parameter_is_an_error_not_a_prompt()
    {
        using var host = PowerShellHost.Create();

        var result = host.Invoke("function Need-Value { param([Parameter(Mandatory)][string]$Value) $Value }; Need-Value");

        Assert.Empty(result.Output);
        Assert.Contains("MissingMandatoryParameter", result.AllText);
    }

    [Fact]
    public void Out_Default_renders_into_the_host_at_120_columns()
    {
        using var host = PowerShellHost.Create();

        var result = host.Invoke("[pscustomobject]@{ Name = 'x' * 300; Other = 'y' } | Out-Default");

        Assert.Null(result.Terminating);
        Assert.Contains("Name", result.HostText);
        Assert.All(PowerShellHost.StripAnsi(result.HostText).Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 120, line));
    }

    [Fact]
    public void CreateShell_runs_on_the_same_runspace_and_can_be_stopped()
    {
        using var host = PowerShellHost.Create();
        host.SetVariable("marker", 42);

        using var shell = host.CreateShell("$marker; while ($true) { Start-Sleep -Milliseconds 20 }");
        var output = new PSDataCollection<PSObject>();
        var pending = shell.BeginInvoke<PSObject, PSObject>(null, output);
        SpinWait.SpinUntil(() => output.Count > 0, TimeSpan.FromSeconds(10));
        shell.Stop();
        Assert.Throws<PipelineStoppedException>(() => shell.EndInvoke(pending));

        Assert.Equal(42, Assert.Single(output).BaseObject);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
    }
}

public sealed class StripAnsiTests
{
    [Theory]
    [InlineData("\u001b[32;1mName\u001b[0m", "Name")]
    [InlineData("plain", "plain")]
    [InlineData("\u001b]8;;http://x\u0007link\u001b]8;;\u0007", "link")]
    public void Removes_escape_sequences(string input, string expected) =>
        Assert.Equal(expected, PowerShellHost.StripAnsi(input));
}
