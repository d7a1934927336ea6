using System.Globalization;
using AwsPatch.Sandbox.Faults;
using Microsoft.AspNetCore.Http;

namespace AwsPatch.Sandbox.Protocol;

/// <summary>
/// Every AWS request goes through here: pick the service by protocol, check the SigV4 scope (its region
/// selects the regional state) and, when auth is strict, the signature (<see cref="SigV4Verifier"/>), name the
/// operation, count it, apply injected faults, then dispatch in the signing key's account (its state; long-term keys and
/// unknown ones under permissive auth: the default account's). Every answer's <c>Date</c> header is the simulated
/// clock's time, so clients see the service's time, not the machine's (the AWS SDK for .NET corrects its signing clock
/// from it, which is why <see cref="SigV4Verifier"/> accepts a signing time near either clock).
/// </summary>
internal sealed class AwsRequestPipeline(SandboxServices sandbox, IReadOnlyList<IAwsService> services)
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the operation's name is kept once it is read.</summary>
    public const string OperationItem = "AwsPatch.Sandbox.Operation";

    /// <summary>Answers the request; with a <paramref name="recorder"/>, the answer is buffered, recorded, then sent.</summary>
    public async Task InvokeAsync(HttpContext http, ResponseRecorder? recorder)
    {
        if (recorder is null)
        {
            await InvokeAsync(http).ConfigureAwait(false);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await InvokeAsync(http).ConfigureAwait(false);
        }
        finally
        {
            http.Response.Body = original;
        }
        var service = services.FirstOrDefault(s => s.Matches(http.Request)) ?? services[^1];
        recorder.Record(new RecordedResponse(service.SigningName, http.Items.TryGetValue(OperationItem, out var operation) ? operation as string : null, http.Response.StatusCode, http.Response.ContentType, buffer.ToArray()));
        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted).ConfigureAwait(false);
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString();
        // AWS stamps every answer, errors too, with its own time: here the simulated clock's, as the response starts.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.Date = sandbox.Clock.UtcNow.ToString("R", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        // The last service (EC2's query protocol) takes whatever no other service claims.
        var service = services.FirstOrDefault(s => s.Matches(http.Request)) ?? services[^1];
        try
        {
            var (region, accessKeyId) = await AuthenticateAsync(http, service).ConfigureAwait(false);
            var operation = await service.ReadOperationAsync(http).ConfigureAwait(false);
            http.Items[OperationItem] = operation;
            sandbox.Counters.Increment(service.SigningName, operation);
            sandbox.Clock.OnRequest();

            var operationKey = $"{service.SigningName}:{operation}";
            if (sandbox.Faults.Buckets?.TryTake(service.BucketKey(http, operation), region) == false)
            {
                sandbox.Counters.IncrementThrottled(service.SigningName, operation);
                throw service.Error(CommonError.Throttling);
            }

            var fault = sandbox.Faults.Decide(operationKey);
            if (fault.LatencyMs > 0) await Task.Delay(fault.LatencyMs, http.RequestAborted).ConfigureAwait(false);
            if (fault.Kind == FaultKind.Throttle)
            {
                sandbox.Counters.IncrementThrottled(service.SigningName, operation);
                throw service.Error(CommonError.Throttling);
            }
            if (fault.Kind == FaultKind.ServerError) throw service.Error(CommonError.InternalError);
            if (fault.Kind == FaultKind.Error)
            {
                if (fault.Error!.Code is null)
                {
                    await LoadBalancerErrorPage.WriteAsync(http, fault.Error.Status).ConfigureAwait(false);
                    return;
                }
                throw new AwsApiException(fault.Error.Code, fault.Error.Message!, fault.Error.Status);
            }
            if (fault.Kind == FaultKind.AccessDenied)
            {
                var denied = service.Error(CommonError.AccessDenied);
                throw new AwsApiException(denied.Code, denied.Message.Replace("{action}", $"{service.SigningName}:{operation}"), denied.StatusCode);
            }

            var principal = sandbox.Credentials.PrincipalOf(accessKeyId);
            await service.HandleAsync(new AwsCallContext(http, sandbox.ForAccount(principal.AccountId), region, operation, requestId) { Principal = principal })
                .ConfigureAwait(false);
        }
        catch (AwsApiException error)
        {
            if (!http.Response.HasStarted) await service.WriteErrorAsync(http, error, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private async Task<(string Region, string AccessKeyId)> AuthenticateAsync(HttpContext http, IAwsService service)
    {
        switch (SigV4Scope.TryRead(http.Request, out var scope))
        {
            case SigV4Scope.Problem.Missing:
                throw service.Error(CommonError.MissingAuthentication);
            case SigV4Scope.Problem.Incomplete:
                throw service.Error(CommonError.IncompleteSignature);
        }

        if (!string.Equals(scope!.Service, service.SigningName, StringComparison.Ordinal))
            throw service.Error(CommonError.WrongSigningService);
        if (!sandbox.Credentials.Strict) return (scope.Region, scope.AccessKeyId);

        if (await SigV4Verifier.VerifyAsync(http.Request, scope, sandbox.Credentials, sandbox.Clock.UtcNow, http.RequestAborted).ConfigureAwait(false) is { } failure)
        {
            var error = service.Error(failure.Error);
            throw error.Message == "{detail}"
                ? new AwsApiException(error.Code, failure.Detail ?? SigV4Verifier.SignatureMismatchMessage, error.StatusCode)
                : error;
        }
        return (scope.Region, scope.AccessKeyId);
    }
}
