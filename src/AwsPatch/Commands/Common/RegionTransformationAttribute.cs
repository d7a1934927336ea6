using System;
using System.Management.Automation;
using Amazon;

namespace AwsPatch.Commands.Common
{
    /// <summary>
    /// Lets <c>-Region</c> take what AWS.Tools hands around: a string, an SDK <see cref="RegionEndpoint"/>, or an
    /// AWS.Tools region object (<c>Get-AWSRegion</c> output, which has a <c>Region</c> property), or a list of them.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class RegionTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            // -Region us-east-1, eu-west-1 (or Get-AWSRegion's list): each element on its own.
            if ((inputData is PSObject list ? list.BaseObject : inputData) is System.Collections.IList several)
            {
                var names = new string?[several.Count];
                for (var i = 0; i < names.Length; i++)
                    names[i] = Transform(engineIntrinsics, several[i]) as string;
                return names;
            }
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            switch (value)
            {
                case null:
                case string _:
                    return value;
                case RegionEndpoint endpoint:
                    return endpoint.SystemName;
            }
            var shape = inputData as PSObject ?? PSObject.AsPSObject(value);
            foreach (var name in new[] { "SystemName", "Region" })
            {
                if (shape.Properties[name]?.Value is string region && region.Length > 0)
                    return region;
            }
            return value.ToString();
        }
    }
}
