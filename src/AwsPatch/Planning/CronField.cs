using System;
using System.Collections.Generic;
using System.Globalization;

namespace AwsPatch.Planning
{
    /// <summary>
    /// One numeric cron field (<c>*</c>, values, names, <c>a-b</c> ranges, <c>a/n</c>, <c>*/n</c> and <c>a-b/n</c> steps,
    /// comma lists) as the set of values it allows.
    /// </summary>
    internal sealed class CronField
    {
        private readonly bool[] _allowed;

        private CronField(bool[] allowed, bool any)
        {
            _allowed = allowed;
            IsAny = any;
        }

        public string Name { get; private set; } = string.Empty;

        /// <summary>The field was <c>*</c>.</summary>
        public bool IsAny { get; }

        public bool Allows(int value) => value >= 0 && value < _allowed.Length && _allowed[value];

        /// <summary>The allowed values, ascending.</summary>
        public IEnumerable<int> Values
        {
            get
            {
                for (var i = 0; i < _allowed.Length; i++)
                    if (_allowed[i]) yield return i;
            }
        }

        public static CronField Parse(string text, string name, int min, int max, IReadOnlyList<string>? names, string rules)
        {
            var allowed = new bool[max + 1];
            if (text == "*")
            {
                for (var i = min; i <= max; i++) allowed[i] = true;
                return new CronField(allowed, any: true) { Name = name };
            }
            foreach (var item in text.Split(','))
                AddItem(allowed, item, text, name, min, max, names, rules);
            return new CronField(allowed, any: false) { Name = name };
        }

        /// <summary>Adds one list item (<c>5</c>, <c>MON-FRI</c>, <c>*/15</c>, <c>1-20/5</c>) to <paramref name="allowed"/>.</summary>
        public static void AddItem(bool[] allowed, string item, string text, string name, int min, int max, IReadOnlyList<string>? names, string rules)
        {
            int first, last, step = 1;
            var range = item;
            var slash = item.IndexOf('/');
            if (slash >= 0)
            {
                range = item.Substring(0, slash);
                if (!int.TryParse(item.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1)
                    throw Invalid(name, text, $"the step in '{item}' must be a whole number of at least 1", rules);
            }
            if (range == "*")
            {
                first = min;
                last = max;
            }
            else
            {
                var dash = range.IndexOf('-', 1);
                first = Value(range.Substring(0, dash < 0 ? range.Length : dash), item, text, name, min, max, names, rules);
                last = dash < 0 ? (slash >= 0 ? max : first) : Value(range.Substring(dash + 1), item, text, name, min, max, names, rules);
                if (last < first)
                    throw Invalid(name, text, $"the range '{range}' runs backwards", rules);
            }
            for (var v = first; v <= last; v += step) allowed[v] = true;
        }

        public static int Value(string token, string item, string text, string name, int min, int max, IReadOnlyList<string>? names, string rules)
        {
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                if (n < min || n > max)
                    throw Invalid(name, text, $"{n} is outside {min}-{max}", rules);
                return n;
            }
            if (names != null)
            {
                for (var i = 0; i < names.Count; i++)
                    if (string.Equals(names[i], token, StringComparison.OrdinalIgnoreCase))
                        return min + i;
            }
            throw Invalid(name, text, token.Length == 0 ? $"'{item}' has an empty value" : $"'{token}' is not a value of this field", rules);
        }

        public static ScheduleException Invalid(string name, string text, string why, string rules) =>
            new ScheduleException(name, $"The {name} field '{text}' is not valid: {why}. {rules}");
    }
}
