using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// The page an Application Load Balancer (or any proxy in front of a service) sends when it cannot get an answer:
/// <c>text/html</c>, multi-line, no AWS error code and no request id. Clients must not mistake it for an AWS error.
/// </summary>
internal static class LoadBalancerErrorPage
{
    public static async Task WriteAsync(HttpContext http, int status)
    {
        var title = $"{status} {ReasonPhrases.GetReasonPhrase(status)}".TrimEnd();
        var body = Encoding.UTF8.GetBytes($"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n</body>\r\n</html>\r\n");
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html";
        http.Response.Headers["Server"] = "awselb/2.0";
        await http.Response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }
}
