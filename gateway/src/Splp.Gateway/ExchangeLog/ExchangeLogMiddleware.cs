using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Splp.Gateway.Consumers;
using Splp.Gateway.Proxy;
using Splp.Gateway.Validation;
using Yarp.ReverseProxy.Model;

namespace Splp.Gateway.ExchangeLog;

/// <summary>
/// Records every request that matched a service route, whatever its outcome — refused by authentication or
/// authorization (which happen before the proxy pipeline), rate-limited, served from cache, failed upstream or
/// answered. Runs right after routing; the bodies are hashed as they stream through, never buffered.
/// </summary>
internal sealed class ExchangeLogMiddleware(RequestDelegate next, ExchangeLogWriter writer, SubjectKey subjectKey, IOptions<ExchangeLogOptions> options, TimeProvider time)
{
    private readonly string _instance = options.Value.ResolvedInstance;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is not { } route)
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        var subjects = new ExchangeSubjects(subjectKey);
        subjects.Scan(context.Request.Path.Value);
        subjects.Scan(context.Request.QueryString.Value);

        var request = context.Request;
        var originalRequestBody = request.Body;
        using var requestBody = new HashingReadStream(originalRequestBody, subjects.ForStream());
        request.Body = requestBody;
        var bodyFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var responseBody = new HashingWriteStream(
            bodyFeature.Stream,
            subjects.ForStream(),
            () => context.Response.ContentType is { } type && type.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase));
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody, bodyFeature));
        var failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            context.Features.Set(bodyFeature);
            request.Body = originalRequestBody;
            // Recorded even when a later step threw: the exception handler answers 500 for it.
            await RecordAsync(context, route, started, subjects, requestBody, responseBody, failed);
        }
    }

    private async Task RecordAsync(HttpContext context, RouteModel route, long started, ExchangeSubjects subjects, HashingReadStream requestBody, HashingWriteStream responseBody, bool failed)
    {
        var request = context.Request;
        var contract = context.Features.Get<ContractExchange>();
        var operation = contract?.Operation.OperationId ?? context.Features.Get<AdapterExchange>()?.OperationId;
        var withheld = context.Features.Get<WithheldUpstreamAnswer>();
        var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
        var requestSha = requestBody.Finish();
        var responseSha = responseBody.Finish();
        var record = new ExchangeRecord
        {
            Time = time.GetUtcNow(),
            Instance = _instance,
            Consumer = ConsumerIdentity.Id(context.User),
            Organisation = ConsumerIdentity.Organisation(context.User),
            Service = route.Config.RouteId,
            Operation = operation,
            Method = request.Method,
            Status = status,
            LatencyMs = time.GetElapsedTime(started).TotalMilliseconds,
            TraceId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier,
            Problem = failed ? null : responseBody.ProblemType(),
            RequestBytes = requestBody.Bytes,
            RequestSha256 = requestSha,
            RequestPartial = !requestBody.Complete && (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0)),
            ResponseBytes = responseBody.Bytes,
            ResponseSha256 = responseSha,
            Aborted = context.RequestAborted.IsCancellationRequested,
            // The contract's personal-data fields travelled only in a successful answer.
            PersonalData = status is >= 200 and < 300 && contract is not null ? contract.Operation.PersonalDataPointers : [],
            Subjects = subjects.Subjects,
            SubjectsTruncated = subjects.Truncated,
            UpstreamStatus = withheld?.Status,
            UpstreamMediaType = withheld?.MediaType,
            UpstreamBytes = withheld?.Bytes,
        };
        await writer.EnqueueAsync(record);
    }
}
