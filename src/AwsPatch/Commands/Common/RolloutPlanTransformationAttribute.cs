using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Lets <c>-Plan</c> take a plan saved with Export-Clixml and read back with Import-Clixml (a
    /// <c>Deserialized.AwsPatch.PatchRolloutPlan</c>): its waves (Name, InstanceIds, MaxConcurrency, MaxErrors) are
    /// rebuilt into a <see cref="PatchRolloutPlan"/>, which Invoke-PatchRollout then checks like any plan. Anything
    /// else passes through unchanged.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class RolloutPlanTransformationAttribute : ArgumentTransformationAttribute
    {
        private const string DeserializedPlan = "Deserialized." + nameof(AwsPatch) + "." + nameof(PatchRolloutPlan);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (!(inputData is PSObject saved) || saved.BaseObject is PatchRolloutPlan || !saved.TypeNames.Contains(DeserializedPlan))
                return inputData;
            return new PatchRolloutPlan
            {
                Waves = Items(saved.Properties["Waves"]?.Value).Select((wave, index) => new PatchRolloutWave
                {
                    Wave = index + 1,
                    Name = Text(wave, nameof(PatchRolloutWave.Name)) ?? string.Empty,
                    InstanceIds = Items(wave.Properties[nameof(PatchRolloutWave.InstanceIds)]?.Value).Select(id => id.BaseObject?.ToString() ?? string.Empty).ToList(),
                    MaxConcurrency = Text(wave, nameof(PatchRolloutWave.MaxConcurrency)),
                    MaxErrors = Text(wave, nameof(PatchRolloutWave.MaxErrors)) ?? "0",
                }).ToList(),
                LeftOut = Items(saved.Properties[nameof(PatchRolloutPlan.LeftOut)]?.Value).Select(o => o.BaseObject?.ToString() ?? string.Empty).ToList(),
                Region = Text(saved, nameof(PatchRolloutPlan.Region)) ?? string.Empty,
                AccountId = Text(saved, nameof(PatchRolloutPlan.AccountId)),
                RoleArn = Text(saved, nameof(PatchRolloutPlan.RoleArn)),
            };
        }

        private static string? Text(PSObject value, string name) => value.Properties[name]?.Value?.ToString() is { Length: > 0 } text ? text : null;

        private static IEnumerable<PSObject> Items(object? value)
        {
            var inner = value is PSObject wrapped ? wrapped.BaseObject : value;
            if (inner is null || inner is string)
                return inner is null ? Enumerable.Empty<PSObject>() : new[] { PSObject.AsPSObject(inner) };
            return inner is IEnumerable items ? items.Cast<object?>().Where(i => i != null).Select(i => PSObject.AsPSObject(i!)).ToList() : new[] { PSObject.AsPSObject(inner) };
        }
    }
}
