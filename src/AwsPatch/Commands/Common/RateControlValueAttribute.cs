using System.Management.Automation;
using System.Text.RegularExpressions;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Validates a Run Command rate-control value at binding: a count (<c>10</c>) or a percent of the targets (<c>10%</c>),
    /// within Systems Manager's own patterns. MaxErrors also accepts 0.
    /// </summary>
    public sealed class RateControlValueAttribute : ValidateArgumentsAttribute
    {
        private static readonly Regex Concurrency = new Regex("^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$");
        private static readonly Regex Errors = new Regex("^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$");

        public RateControlValueAttribute(bool allowZero)
        {
            AllowZero = allowZero;
        }

        public bool AllowZero { get; }

        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            // A string[] parameter (one value per rollout wave): each value on its own, not the array joined.
            if (value is System.Collections.IEnumerable values && !(value is string))
            {
                foreach (var each in values)
                    Validate(each, engineIntrinsics);
                return;
            }
            var text = LanguagePrimitives.ConvertTo<string>(value) ?? string.Empty;
            var pattern = AllowZero ? Errors : Concurrency;
            if (text.Length <= 7 && pattern.IsMatch(text))
                return;
            var forms = AllowZero
                ? "a count of instances (0, 1, 10, 250) or a percent of the targets (0% to 100%, e.g. 10%)"
                : "a count of instances (1, 10, 250) or a percent of the targets (1% to 100%, e.g. 10%)";
            throw new ValidationMetadataException($"'{text}' is not a valid value. Use {forms}, with at most 7 characters.");
        }
    }
}
