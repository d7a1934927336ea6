namespace AwsPatch.HelpCompiler;

/// <summary>
/// The ```yaml block under a PlatyPS <c>### -Name</c> heading: scalars (<c>Type: System.String</c>), inline empty lists
/// (<c>Aliases: []</c>), block lists (<c>- AK</c>) and the list of maps under <c>ParameterSets:</c>. That subset is
/// all the schema uses; anything else is an error naming the line, never a silent guess.
/// </summary>
public sealed class ParameterMetadata
{
    private ParameterMetadata(Dictionary<string, string> scalars, Dictionary<string, List<string>> lists, List<ParameterSetEntry> sets)
    {
        Type = scalars.GetValueOrDefault("Type") ?? throw new FormatException("The parameter metadata has no 'Type'.");
        DefaultValue = scalars.GetValueOrDefault("DefaultValue") is { Length: > 0 } value ? value : "None";
        SupportsWildcards = IsTrue(scalars.GetValueOrDefault("SupportsWildcards"));
        Aliases = lists.GetValueOrDefault("Aliases") ?? [];
        AcceptedValues = lists.GetValueOrDefault("AcceptedValues") ?? [];
        Sets = sets.Count > 0 ? sets : throw new FormatException("The parameter metadata has no 'ParameterSets'.");
    }

    public string Type { get; }

    public string DefaultValue { get; }

    public bool SupportsWildcards { get; }

    public IReadOnlyList<string> Aliases { get; }

    public IReadOnlyList<string> AcceptedValues { get; }

    public IReadOnlyList<ParameterSetEntry> Sets { get; }

    public bool IsSwitch => Type is "System.Management.Automation.SwitchParameter" or "SwitchParameter";

    public static ParameterMetadata Parse(string yaml)
    {
        var scalars = new Dictionary<string, string>(StringComparer.Ordinal);
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var sets = new List<ParameterSetEntry>();
        string? listKey = null;
        Dictionary<string, string>? set = null;
        foreach (string raw in yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            string line = raw.TrimEnd();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("- ", StringComparison.Ordinal) && listKey is not null)
            {
                if (listKey == "ParameterSets")
                {
                    AddSet(sets, set);
                    set = [];
                    AddPair(set, line[2..], line);
                }
                else
                {
                    lists[listKey].Add(Unquote(line[2..].Trim()));
                }
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal) && set is not null)
            {
                AddPair(set, line.Trim(), line);
            }
            else if (!char.IsWhiteSpace(line[0]))
            {
                AddSet(sets, set);
                set = null;
                var (key, value) = Pair(line, line);
                listKey = null;
                if (value.Length == 0)
                {
                    listKey = key;
                    lists[key] = [];
                }
                else if (value == "[]")
                {
                    lists[key] = [];
                }
                else
                {
                    scalars[key] = value;
                }
            }
            else
            {
                throw new FormatException($"Unexpected line in the parameter metadata: '{line}'.");
            }
        }

        AddSet(sets, set);
        return new ParameterMetadata(scalars, lists, sets);
    }

    private static void AddSet(List<ParameterSetEntry> sets, Dictionary<string, string>? set)
    {
        if (set is null)
        {
            return;
        }

        sets.Add(new ParameterSetEntry(
            set.GetValueOrDefault("Name") ?? throw new FormatException("A parameter set entry has no 'Name'."),
            set.GetValueOrDefault("Position") ?? "Named",
            IsTrue(set.GetValueOrDefault("IsRequired")),
            IsTrue(set.GetValueOrDefault("ValueFromPipeline")),
            IsTrue(set.GetValueOrDefault("ValueFromPipelineByPropertyName"))));
    }

    private static void AddPair(Dictionary<string, string> map, string text, string line)
    {
        var (key, value) = Pair(text, line);
        map[key] = value;
    }

    private static (string Key, string Value) Pair(string text, string line)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"Expected 'Key: value' in the parameter metadata: '{line}'.");
        }

        return (text[..colon].Trim(), Unquote(text[(colon + 1)..].Trim()));
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0] ? value[1..^1] : value;

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
