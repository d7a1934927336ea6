using System.Management.Automation;
using System.Text;

namespace AwsPatch.Tests.Hosting;

/// <summary>Everything one <see cref="PowerShellHost.Invoke"/> produced, stream by stream.</summary>
public sealed class PowerShellResult
{
    internal PowerShellResult(
        IReadOnlyList<PSObject> output,
        PSDataStreams streams,
        string hostText,
        Exception? terminating)
    {
        Output = output;
        Errors = [.. streams.Error];
        Warnings = [.. streams.Warning];
        Verbose = [.. streams.Verbose];
        Debug = [.. streams.Debug];
        Information = [.. streams.Information];
        Progress = [.. streams.Progress];
        HostText = hostText;
        Terminating = terminating;
        AllText = BuildAllText();
    }

    public IReadOnlyList<PSObject> Output { get; }

    /// <summary>Non-terminating errors (the terminating one, if any, is <see cref="Terminating"/>).</summary>
    public IReadOnlyList<ErrorRecord> Errors { get; }

    public IReadOnlyList<WarningRecord> Warnings { get; }

    public IReadOnlyList<VerboseRecord> Verbose { get; }

    public IReadOnlyList<DebugRecord> Debug { get; }

    public IReadOnlyList<InformationRecord> Information { get; }

    public IReadOnlyList<ProgressRecord> Progress { get; }

    /// <summary>Text written to the host UI during this invocation (Write-Host, Out-Default, prompts).</summary>
    public string HostText { get; }

    /// <summary>The exception that ended the script (a <see cref="RuntimeException"/> or derived), or null.</summary>
    public Exception? Terminating { get; }

    /// <summary>
    /// Every piece of text this invocation exposed: output objects' ToString(), all streams, host text,
    /// error messages and ErrorDetails, exception messages down the inner chain, and target objects.
    /// For "no secret leaks" assertions: a secret must not occur anywhere in it.
    /// </summary>
    public string AllText { get; }

    /// <summary>The output's base objects cast to <typeparamref name="T"/>; throws if one is not a T.</summary>
    public IReadOnlyList<T> OutputOf<T>() => [.. Output.Select(o => (T)o.BaseObject)];

    /// <summary>A readable dump of errors and the terminating exception, for assertion messages.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("Output: ").Append(Output.Count).Append(", Errors: ").Append(Errors.Count)
          .Append(", Warnings: ").Append(Warnings.Count).Append('\n');
        foreach (var error in Errors)
        {
            sb.Append("ERROR ").Append(error.FullyQualifiedErrorId).Append(": ").Append(error).Append('\n');
        }

        if (Terminating is not null)
        {
            sb.Append("TERMINATING ").Append(Terminating.GetType().Name).Append(": ").Append(Terminating.Message).Append('\n');
        }

        return sb.ToString();
    }

    private string BuildAllText()
    {
        var sb = new StringBuilder();
        foreach (var item in Output)
        {
            sb.Append(item?.ToString()).Append('\n');
            if (item is not null)
            {
                foreach (var property in item.Properties)
                {
                    object? value;
                    try
                    {
                        value = property.Value;
                    }
                    catch (GetValueException)
                    {
                        continue;
                    }

                    sb.Append(property.Name).Append('=').Append(Flatten(value)).Append('\n');
                }
            }
        }

        foreach (var error in Errors)
        {
            AppendError(sb, error);
        }

        foreach (var record in Warnings)
        {
            sb.Append(record.Message).Append('\n');
        }

        foreach (var record in Verbose)
        {
            sb.Append(record.Message).Append('\n');
        }

        foreach (var record in Debug)
        {
            sb.Append(record.Message).Append('\n');
        }

        foreach (var record in Information)
        {
            sb.Append(record.MessageData?.ToString()).Append('\n');
        }

        foreach (var record in Progress)
        {
            sb.Append(record.Activity).Append('\n').Append(record.StatusDescription).Append('\n')
              .Append(record.CurrentOperation).Append('\n');
        }

        sb.Append(HostText).Append('\n');
        if (Terminating is not null)
        {
            if (Terminating is IContainsErrorRecord { ErrorRecord: { } record })
            {
                AppendError(sb, record);
            }

            AppendException(sb, Terminating);
        }

        return sb.ToString();
    }

    private static string Flatten(object? value) => value switch
    {
        null => string.Empty,
        PSObject ps when ps.BaseObject is not PSCustomObject => Flatten(ps.BaseObject),
        string s => s,
        System.Collections.IEnumerable items => string.Join(",", items.Cast<object?>().Select(Flatten)),
        _ => value.ToString() ?? string.Empty,
    };

    private static void AppendError(StringBuilder sb, ErrorRecord error)
    {
        sb.Append(error.FullyQualifiedErrorId).Append('\n').Append(error.ToString()).Append('\n');
        if (error.ErrorDetails is { } details)
        {
            sb.Append(details.Message).Append('\n').Append(details.RecommendedAction).Append('\n');
        }

        sb.Append(error.CategoryInfo?.ToString()).Append('\n');
        sb.Append(Flatten(error.TargetObject)).Append('\n');
        AppendException(sb, error.Exception);
    }

    private static void AppendException(StringBuilder sb, Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            sb.Append(e.GetType().FullName).Append(": ").Append(e.Message).Append('\n');
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Skip(1))
                {
                    AppendException(sb, inner);
                }
            }
        }
    }
}
