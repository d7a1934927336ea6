using System;
using System.Globalization;
using System.Management.Automation;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Lets an age parameter (<c>-OlderThan</c>, <c>-NewerThan</c>, <c>-StaleAfter</c>) take a <see cref="TimeSpan"/> or a
    /// number of days: <c>-OlderThan 30</c>, <c>-OlderThan 0.5</c>, <c>-OlderThan (New-TimeSpan -Hours 12)</c>,
    /// <c>-OlderThan '7.00:00:00'</c>. An age is positive: zero, negative, NaN or out-of-range values fail at binding,
    /// before the command runs, so a typo such as <c>-OlderThan -1</c> can never select everything.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class AgeTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                    return null;
                case TimeSpan span:
                    return Positive(span, value);
                case int days:
                    return FromDays(days, value);
                case long days:
                    return FromDays(days, value);
                case double days:
                    return FromDays(days, value);
                case decimal days:
                    return FromDays((double)days, value);
                case string text:
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                        return FromDays(number, text);
                    if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
                        return Positive(parsed, text);
                    throw new ArgumentTransformationMetadataException($"'{text}' is not an age. Give a number of days (30) or a TimeSpan ('7.00:00:00', (New-TimeSpan -Hours 12)).");
                default:
                    return value;
            }
        }

        private static TimeSpan FromDays(double days, object given)
        {
            if (double.IsNaN(days) || double.IsInfinity(days) || Math.Abs(days) > TimeSpan.MaxValue.TotalDays)
                throw new ArgumentTransformationMetadataException($"{Show(given)} is not an age. Give a positive number of days (30) or a positive TimeSpan.");
            return Positive(TimeSpan.FromDays(days), given);
        }

        private static TimeSpan Positive(TimeSpan age, object given)
        {
            if (age <= TimeSpan.Zero)
                throw new ArgumentTransformationMetadataException($"{Show(given)} is not a positive age. Give a number of days greater than zero (30, 0.5) or a positive TimeSpan ((New-TimeSpan -Hours 12)).");
            return age;
        }

        private static string Show(object given) => given is string text ? $"'{text}'"
            : Convert.ToString(given, CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
