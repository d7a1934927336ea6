using System.Text.Json;

namespace AwsPatch.Sandbox.Inspector2;

/// <summary>Writes a finding in the model's <c>Finding</c> shape (camelCase members; <c>Url</c> is capitalised in the model).</summary>
internal static class FindingJson
{
    public static void Write(Utf8JsonWriter json, Inspector2Finding f)
    {
        json.WriteStartObject();
        json.WriteString("findingArn", f.FindingArn);
        json.WriteString("awsAccountId", f.AwsAccountId);
        json.WriteString("type", f.Type);
        json.WriteString("description", f.Description);
        json.WriteString("title", f.Title);
        json.WriteStartObject("remediation");
        json.WriteStartObject("recommendation");
        json.WriteString("text", f.RemediationText);
        Inspector2Json.WriteString(json, "Url", f.RemediationUrl);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("severity", f.Severity);
        Inspector2Json.WriteTimestamp(json, "firstObservedAt", f.FirstObservedAt);
        Inspector2Json.WriteTimestamp(json, "lastObservedAt", f.LastObservedAt);
        Inspector2Json.WriteTimestamp(json, "updatedAt", f.UpdatedAt);
        json.WriteString("status", f.Status);
        WriteResource(json, f);
        if (f.InspectorScore is { } score)
        {
            json.WriteNumber("inspectorScore", score);
            if (f.CvssVector is not null)
            {
                json.WriteStartObject("inspectorScoreDetails");
                json.WriteStartObject("adjustedCvss");
                json.WriteString("scoreSource", "NVD");
                json.WriteString("cvssSource", "NVD");
                json.WriteString("version", f.CvssVersion);
                json.WriteNumber("score", score);
                json.WriteString("scoringVector", f.CvssVector);
                json.WriteStartArray("adjustments");
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }
        }

        if (f.Type == "NETWORK_REACHABILITY") WriteNetwork(json, f);
        if (f.VulnerabilityId is not null) WritePackageDetails(json, f);
        Inspector2Json.WriteString(json, "fixAvailable", f.FixAvailable);
        Inspector2Json.WriteString(json, "exploitAvailable", f.ExploitAvailable);
        if (f.LastKnownExploitAt is { } exploitAt)
        {
            json.WriteStartObject("exploitabilityDetails");
            Inspector2Json.WriteTimestamp(json, "lastKnownExploitAt", exploitAt);
            json.WriteEndObject();
        }

        if (f.EpssScore is { } epss)
        {
            json.WriteStartObject("epss");
            json.WriteNumber("score", epss);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteResource(Utf8JsonWriter json, Inspector2Finding f)
    {
        json.WriteStartArray("resources");
        json.WriteStartObject();
        json.WriteString("type", f.ResourceType);
        json.WriteString("id", f.ResourceId);
        json.WriteString("partition", "aws");
        json.WriteString("region", f.Region);
        json.WriteStartObject("tags");
        foreach (var (key, value) in f.ResourceTags) json.WriteString(key, value);
        json.WriteEndObject();
        if (f.ResourceType == "AWS_EC2_INSTANCE")
        {
            json.WriteStartObject("details");
            json.WriteStartObject("awsEc2Instance");
            Inspector2Json.WriteString(json, "type", f.InstanceType);
            Inspector2Json.WriteString(json, "imageId", f.ImageId);
            json.WriteStartArray("ipV4Addresses");
            foreach (var ip in f.IpV4Addresses) json.WriteStringValue(ip);
            json.WriteEndArray();
            Inspector2Json.WriteString(json, "iamInstanceProfileArn", f.IamInstanceProfileArn);
            Inspector2Json.WriteString(json, "vpcId", f.VpcId);
            Inspector2Json.WriteString(json, "subnetId", f.SubnetId);
            Inspector2Json.WriteTimestamp(json, "launchedAt", f.LaunchedAt);
            Inspector2Json.WriteString(json, "platform", f.Platform);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteNetwork(Utf8JsonWriter json, Inspector2Finding f)
    {
        json.WriteStartObject("networkReachabilityDetails");
        json.WriteStartObject("openPortRange");
        json.WriteNumber("begin", f.OpenPortBegin ?? 0);
        json.WriteNumber("end", f.OpenPortEnd ?? f.OpenPortBegin ?? 0);
        json.WriteEndObject();
        json.WriteString("protocol", f.NetworkProtocol ?? "TCP");
        json.WriteStartObject("networkPath");
        json.WriteStartArray("steps");
        foreach (var (id, type) in f.NetworkPath)
        {
            json.WriteStartObject();
            json.WriteString("componentId", id);
            json.WriteString("componentType", type);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WritePackageDetails(Utf8JsonWriter json, Inspector2Finding f)
    {
        json.WriteStartObject("packageVulnerabilityDetails");
        json.WriteString("vulnerabilityId", f.VulnerabilityId);
        json.WriteStartArray("vulnerablePackages");
        foreach (var p in f.Packages)
        {
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteString("version", p.Version);
            json.WriteNumber("epoch", p.Epoch);
            Inspector2Json.WriteString(json, "release", p.Release);
            Inspector2Json.WriteString(json, "arch", p.Arch);
            json.WriteString("packageManager", p.PackageManager);
            Inspector2Json.WriteString(json, "fixedInVersion", p.FixedInVersion);
            Inspector2Json.WriteString(json, "remediation", p.Remediation);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("source", f.VulnerabilitySource ?? "NVD");
        json.WriteStartArray("cvss");
        if (f.CvssBaseScore is { } baseScore && f.CvssVector is not null)
        {
            json.WriteStartObject();
            json.WriteNumber("baseScore", baseScore);
            json.WriteString("scoringVector", f.CvssVector);
            json.WriteString("version", f.CvssVersion);
            json.WriteString("source", "NVD");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("relatedVulnerabilities");
        json.WriteEndArray();
        Inspector2Json.WriteString(json, "sourceUrl", f.SourceUrl);
        Inspector2Json.WriteString(json, "vendorSeverity", f.VendorSeverity);
        json.WriteStartArray("referenceUrls");
        foreach (var url in f.ReferenceUrls) json.WriteStringValue(url);
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
