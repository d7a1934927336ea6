using System.Net;
using Amazon.Runtime;
using AwsPatch.Aws;
using AwsPatch.Aws.Inspector2;

namespace AwsPatch.Tests.Unit.Inspector2;

public sealed class ErrorTests
{
    private static Task<ListFindingsResponse> ListAsync(AmazonInspector2Client client) =>
        client.ListFindingsAsync(new ListFindingsRequest { MaxResults = 10 }, CancellationToken.None);

    public static TheoryData<string, (string Name, string Value)[]> ValidationBodies => new()
    {
        // The service's header form, its body form, and the bare `code` form other REST-JSON servers send.
        { """{"message":"1 validation error detected: maxResults","reason":"OTHER"}""", [("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazonaws.inspector2/")] },
        { """{"__type":"com.amazonaws.inspector2#ValidationException","message":"1 validation error detected: maxResults"}""", [] },
        { """{"code":"ValidationException","Message":"1 validation error detected: maxResults"}""", [] },
    };

    [Theory]
    [MemberData(nameof(ValidationBodies))]
    public async Task A_400_validation_error_maps_to_its_code_and_message_and_is_not_retried(string body, (string Name, string Value)[] headers)
    {
        var http = new StubHttp().Respond(HttpStatusCode.BadRequest, body, headers);
        using var client = Inspector2TestClients.Create(http);

        var ex = await Assert.ThrowsAsync<AmazonInspector2Exception>(() => ListAsync(client));

        Assert.Equal(Inspector2ErrorCodes.Validation, ex.ErrorCode);
        Assert.Equal("1 validation error detected: maxResults", ex.Message);
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(ErrorType.Sender, ex.ErrorType);
        Assert.Equal("req-1", ex.RequestId);
        Assert.Single(http.Sent);
    }

    [Fact]
    public async Task A_403_is_access_denied_not_retried_and_classified_by_AwsErrors()
    {
        var http = new StubHttp().RespondError(HttpStatusCode.Forbidden, "AccessDeniedException", "Invoking account does not have access to Amazon Inspector.");
        using var client = Inspector2TestClients.Create(http);

        var ex = await Assert.ThrowsAsync<AwsCallException>(() =>
            AwsErrors.CallAsync("ListFindings", () => ListAsync(client), CancellationToken.None));

        var inner = Assert.IsType<AmazonInspector2Exception>(ex.InnerException);
        Assert.Equal(Inspector2ErrorCodes.AccessDenied, inner.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, inner.StatusCode);
        Assert.Equal(AwsErrorKind.AccessDenied, ex.Kind);
        Assert.Contains("Invoking account does not have access to Amazon Inspector", ex.Message);
        Assert.Single(http.Sent);
    }

    [Fact]
    public async Task Throttling_is_retried_by_the_sdk_until_it_succeeds()
    {
        var http = new StubHttp()
            .RespondError((HttpStatusCode)429, "ThrottlingException", "Rate exceeded")
            .RespondError((HttpStatusCode)429, "ThrottlingException", "Rate exceeded")
            .Respond(HttpStatusCode.OK, """{"findings":[],"nextToken":null}""");
        using var client = Inspector2TestClients.Create(http, maxErrorRetry: 2);

        var page = await ListAsync(client);

        Assert.Empty(page.Findings);
        Assert.Equal(3, http.Sent.Count);
        // Each attempt is signed afresh and carries the SDK's retry bookkeeping.
        Assert.Equal(http.Sent[0].Body, http.Sent[2].Body);
        Assert.Contains("attempt=3", http.Sent[2].Headers["amz-sdk-request"]);
    }

    [Fact]
    public async Task Throttling_that_persists_fails_after_the_configured_retries()
    {
        var http = new StubHttp().RespondError((HttpStatusCode)429, "ThrottlingException", "Rate exceeded");
        using var client = Inspector2TestClients.Create(http, maxErrorRetry: 1);

        var ex = await Assert.ThrowsAsync<AmazonInspector2Exception>(() => ListAsync(client));

        Assert.Equal(Inspector2ErrorCodes.Throttling, ex.ErrorCode);
        Assert.True(ex.Retryable?.Throttling);
        Assert.Equal(2, http.Sent.Count);
        Assert.Equal(AwsErrorKind.Throttled, AwsErrors.Classify(ex.ErrorCode, ex.StatusCode));
    }

    [Fact]
    public async Task A_500_internal_server_error_is_retried()
    {
        var http = new StubHttp()
            .RespondError(HttpStatusCode.InternalServerError, "InternalServerException", "Internal failure")
            .Respond(HttpStatusCode.OK, """{"findings":[]}""");
        using var client = Inspector2TestClients.Create(http);

        await ListAsync(client);

        Assert.Equal(2, http.Sent.Count);
    }
}
