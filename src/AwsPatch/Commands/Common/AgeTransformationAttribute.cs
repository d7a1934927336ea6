using System;
using System.Globalization;
using System.Management.Automation;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Lets an age parameter (<c>-OlderThan</c>, <c>-NewerThan</c>) take a <see cref="TimeSpan"/> or a number of days:
    /// <c>-OlderThan 30</c>, <c>-OlderThan 0.5</c>, <c>-OlderThan (New-TimeSpan -Hours 12)</c>, <c>-OlderThan '7.00:00:00'</c>.
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
                case TimeSpan _:
                    return value;
                case int days:
                    return TimeSpan.FromDays(days);
                case long days:
                    return TimeSpan.FromDays(days);
                case double days:
                    return TimeSpan.FromDays(days);
                case decimal days:
                    return TimeSpan.FromDays((double)days);
                case string text:
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                        return TimeSpan.FromDays(number);
                    if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
                        return span;
                    throw new ArgumentTransformationMetadataException($"'{text}' is not an age. Give a number of days (30) or a TimeSpan ('7.00:00:00', (New-TimeSpan -Hours 12)).");
                default:
                    return value;
            }
        }
    }
}
