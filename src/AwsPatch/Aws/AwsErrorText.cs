using System;
using System.Net;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using AwsPatch.Aws.Inspector2;

namespace AwsPatch.Aws
{
    /// <summary>
    /// The readable part of an AWS error as one line: the service's message when it sent an AWS error document, else
    /// what the answer was (an HTML page and its title, an empty body, a trimmed snippet), never the raw body.
    /// </summary>
    internal static class AwsErrorText
    {
        /// <summary>The SDK's message when its error parser found nothing (SSM, Inspector2: an HTML page, an empty body).</summary>
        private const string SdkPlaceholder = "The service returned an error. See inner exception for details.";

        /// <summary>The SDK's message when it could not parse the body (EC2 and other XML protocols): the raw body follows.</summary>
        private const string SdkBodyPrefix = "The service returned an error with HTTP Body: ";

        private const string SdkCodeBodyMarker = " and HTTP Body: ";

        private const int MaxLength = 300;

        private static readonly Regex Whitespace = new Regex(@"[\s\p{Cc}]+", RegexOptions.Compiled);
        private static readonly Regex Tags = new Regex("<[^>]*>", RegexOptions.Compiled);
        private static readonly Regex Title = new Regex(@"<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.Singleline);

        public static string Of(AmazonServiceException ex, bool isAwsErrorDocument)
        {
            var message = ex.Message ?? string.Empty;
            string? body = null;
            if (message.StartsWith(SdkBodyPrefix, StringComparison.Ordinal))
                body = message.Substring(SdkBodyPrefix.Length);
            else if (message.StartsWith("The service returned an error with Error Code ", StringComparison.Ordinal) && message.IndexOf(SdkCodeBodyMarker, StringComparison.Ordinal) >= 0)
                body = message.Substring(message.IndexOf(SdkCodeBodyMarker, StringComparison.Ordinal) + SdkCodeBodyMarker.Length);
            else if (!isAwsErrorDocument && ex is AmazonInspector2Exception { ResponseBody: { } inspectorBody })
                body = inspectorBody;
            else if (ex is AmazonUnmarshallingException unreadable)
                body = unreadable.ResponseBody;

            var response = (ex.InnerException as HttpErrorResponseException)?.Response;
            if (body != null)
                return OfBody(body, response?.ContentType);
            if (message == SdkPlaceholder || message.Length == 0)
                return OfResponse(response);
            if (ex is AmazonUnmarshallingException)
                return "the answer could not be read as the operation's response";
            return OneLine(message);
        }

        /// <summary>Whitespace and control characters collapsed to single spaces, trimmed, at most 300 characters.</summary>
        public static string OneLine(string text)
        {
            var line = Whitespace.Replace(text, " ").Trim();
            return line.Length <= MaxLength ? line : line.Substring(0, MaxLength - 1).TrimEnd() + "…";
        }

        /// <summary>Describes a body that is not an AWS error document.</summary>
        public static string OfBody(string body, string? contentType)
        {
            var trimmed = body.Trim();
            if (trimmed.Length == 0)
                return "the answer had no body";
            if (IsHtml(trimmed, contentType))
            {
                var title = Title.Match(trimmed);
                var name = title.Success ? OneLine(WebUtility.HtmlDecode(Tags.Replace(title.Groups[1].Success ? title.Groups[1].Value : title.Groups[2].Value, " "))) : string.Empty;
                return (name.Length == 0 ? "the answer was an HTML page" : $"the answer was an HTML page (\"{name}\")")
                    + ", not an AWS error: probably a load balancer or proxy answered instead of the service";
            }
            return $"the answer was not an AWS error document: \"{OneLine(Tags.Replace(trimmed, " "))}\"";
        }

        private static string OfResponse(IWebResponseData? response)
        {
            if (response == null)
                return "the answer was not an AWS error document";
            if (IsHtml(string.Empty, response.ContentType))
                return "the answer was an HTML page, not an AWS error: probably a load balancer or proxy answered instead of the service";
            if (response.ContentLength == 0)
                return "the answer had no body";
            return string.IsNullOrEmpty(response.ContentType)
                ? "the answer was not an AWS error document"
                : $"the answer was not an AWS error document ({response.ContentType})";
        }

        private static bool IsHtml(string body, string? contentType) =>
            (contentType != null && contentType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
            || body.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || body.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
