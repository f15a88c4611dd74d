using System.Buffers;
using Microsoft.Net.Http.Headers;
using Splp.Adapters;
using Splp.Contracts.Problems;
using Splp.Gateway.Catalog;
using Splp.Gateway.Problems;
using Splp.Gateway.Validation;
using Yarp.ReverseProxy.Transforms;

namespace Splp.Gateway.Proxy;

/// <summary>
/// Runs one service's adapter inside YARP: maps the contract request onto the upstream's path and query
/// before forwarding, and replaces the upstream body with the contract-shaped body afterwards.
/// </summary>
internal sealed partial class AdapterTransform
{
    private readonly string _service;
    private readonly IServiceAdapter _adapter;
    private readonly long _maxBodyBytes;
    private readonly OversizedResponseHandling _oversized;
    private readonly string _pathPrefix;
    private readonly ILogger _logger;

    public AdapterTransform(string service, string pathPrefix, IServiceAdapter adapter, long maxBodyBytes, OversizedResponseHandling oversized, ILogger logger)
    {
        _pathPrefix = pathPrefix;
        _oversized = oversized;
        _service = service;
        _adapter = adapter;
        _maxBodyBytes = maxBodyBytes;
        _logger = logger;
        Request = new RequestFuncTransform(MapRequestAsync);
        Response = new ResponseFuncTransform(MapResponseAsync);
    }

    public RequestTransform Request { get; }

    public ResponseTransform Response { get; }

    /// <summary>
    /// Maps the contract request before YARP builds the upstream request: rejects it (unknown operation,
    /// invalid parameter or body) or rewrites the body in place, and leaves the mapping for
    /// <see cref="MapRequestAsync"/>. YARP forbids replacing the outgoing content inside a transform,
    /// so the body is rewritten on the incoming request here.
    /// </summary>
    public async ValueTask<bool> PrepareAsync(HttpContext http, string contractPath)
    {
        var mapping = _adapter.MapRequest(new ContractRequest(http.Request.Method, contractPath, http.Request.Query));
        if (mapping.Problem is { } problem)
        {
            await ProblemResponses.WriteAsync(http, problem);
            return false;
        }

        if (mapping.Body is { } bodyMapper && !await MapRequestBodyAsync(http, bodyMapper))
        {
            return false;
        }

        http.Features.Set(new AdapterExchange(mapping.OperationId!, mapping));
        return true;
    }

    private static async ValueTask<bool> MapRequestBodyAsync(HttpContext http, IRequestBodyMapper mapper)
    {
        var upstreamBody = new ArrayBufferWriter<byte>(1024);
        AdapterProblem? problem;
        try
        {
            // Kestrel enforces the gateway's body limit while this reads (RequestLimitsMiddleware set it).
            problem = await mapper.MapAsync(http.Request.Body, upstreamBody, http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ProblemResponses.WriteAsync(http, 413, ProblemTypes.PayloadTooLarge, "Payload too large", "The request body exceeds the gateway's limit.");
            return false;
        }

        if (problem is not null)
        {
            await ProblemResponses.WriteAsync(http, problem);
            return false;
        }

        var request = http.Request;
        request.Body = new MemoryStream(upstreamBody.WrittenSpan.ToArray(), writable: false);
        request.Headers.Remove(HeaderNames.TransferEncoding);
        request.ContentLength = upstreamBody.WrittenCount;
        request.ContentType = mapper.UpstreamContentType;
        return true;
    }

    private ValueTask MapRequestAsync(RequestTransformContext context)
    {
        if (context.HttpContext.Features.Get<AdapterExchange>() is not { } exchange)
        {
            return ValueTask.CompletedTask;
        }

        var mapping = exchange.Mapping;
        context.Path = mapping.UpstreamPath;
        context.Query.Collection.Clear();
        foreach (var (key, value) in mapping.Query)
        {
            context.Query.Collection[key] = value;
        }

        // The adapter reads the upstream's own format, uncompressed; what the consumer accepts is the contract's JSON.
        context.ProxyRequest.Headers.Remove(HeaderNames.AcceptEncoding);
        context.ProxyRequest.Headers.Remove(HeaderNames.Accept);
        return ValueTask.CompletedTask;
    }

    private async ValueTask MapResponseAsync(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        if (context.ProxyResponse is not { } upstream || http.Features.Get<AdapterExchange>() is not { } exchange)
        {
            return;
        }

        // A failure's body is never passed through, however large: the adapter maps it to a problem.
        if (upstream.Content.Headers.ContentLength > _maxBodyBytes && (int)upstream.StatusCode < 500)
        {
            Log.OversizedResponse(_logger, _service, upstream.Content.Headers.ContentLength.Value, _oversized);
            if (_oversized == OversizedResponseHandling.PassThrough)
            {
                // YARP copies the body as it is; the consumer is told it is not the contract's shape.
                http.Response.Headers["Splp-Adapter"] = "bypassed";
                return;
            }

            context.SuppressResponseBody = true;
            await ProblemResponses.WriteAsync(http, 502, ProblemTypes.UpstreamInvalidResponse, "Invalid response from the agency application",
                $"The agency application's response exceeds the gateway's limit of {_maxBodyBytes} bytes.");
            return;
        }

        context.SuppressResponseBody = true;
        var output = new ArrayBufferWriter<byte>(4096);
        ResponseMapping result;
        try
        {
            var contentType = upstream.Content.Headers.ContentType?.ToString();
            await using var body = new LengthLimitedStream(await upstream.Content.ReadAsStreamAsync(context.CancellationToken), _maxBodyBytes);
            result = await _adapter.MapResponseAsync(
                new UpstreamResponse(exchange.OperationId, (int)upstream.StatusCode, contentType, body),
                output,
                context.CancellationToken);
        }
        catch (UpstreamBodyTooLargeException ex)
        {
            result = ResponseMapping.Failed(AdapterProblem.InvalidUpstreamResponse(
                $"The agency application's response exceeds the gateway's limit of {ex.LimitBytes} bytes."));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return; // The consumer left; nobody to answer.
        }
        catch (OperationCanceledException)
        {
            await ProblemResponses.WriteAsync(http, 504, ProblemTypes.UpstreamTimeout, "Agency application timed out",
                "The agency application stopped sending its response within the service's timeout.");
            return;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            Log.UpstreamBodyBroken(_logger, _service, ex.GetType().Name);
            await ProblemResponses.WriteAsync(http, 502, ProblemTypes.UpstreamUnavailable, "Agency application unreachable",
                "The connection to the agency application broke while its response was being read.");
            return;
        }

        Telemetry.SplpTelemetry.Recorded?.AddEvent(new("splp.adapter.response_mapped", tags: new()
        {
            ["splp.upstream.status"] = (int)upstream.StatusCode,
            ["splp.outcome"] = result.Problem?.Type ?? "mapped",
        }));
        if (result.Problem is { } problem)
        {
            Log.AdapterRefused(_logger, _service, exchange.OperationId, problem.Type);
            await ProblemResponses.WriteAsync(http, problem);
            return;
        }

        if (http.Features.Get<ContractExchange>() is { Mode: not ContractValidationMode.Off } contract)
        {
            var violations = contract.Operation.ValidateResponse(result.StatusCode, output.WrittenMemory);
            Telemetry.SplpTelemetry.Recorded?.AddEvent(new("splp.contract.response_validated", tags: new() { ["splp.violations"] = violations.Count }));
            if (violations.Count > 0
                && await http.RequestServices.GetRequiredService<ContractViolationResponses>().ResponseViolatedAsync(http, contract.Service, contract.Operation.OperationId, violations))
            {
                return;
            }
        }

        var response = http.Response;
        response.StatusCode = result.StatusCode;
        var headers = response.Headers;
        headers.Remove(HeaderNames.ContentEncoding);
        headers.Remove(HeaderNames.ContentMD5);
        headers.Remove(HeaderNames.ETag);
        headers.Remove(HeaderNames.TransferEncoding);
        headers.Remove(HeaderNames.ContentRange);
        headers.Remove(HeaderNames.AcceptRanges);
        // The upstream's Location names its own internal path; the contract's is below the service prefix.
        headers.Remove(HeaderNames.Location);
        if (result.Location is { } location)
        {
            headers.Location = _pathPrefix + location;
        }
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = output.WrittenCount;
        await response.Body.WriteAsync(output.WrittenMemory, http.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Upstream response of service {Service} announces {Length} bytes, over the adapter limit; handling: {Handling}")]
        public static partial void OversizedResponse(ILogger logger, string service, long length, OversizedResponseHandling handling);

        [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Adapter for service {Service} could not map operation {Operation}: {ProblemType}")]
        public static partial void AdapterRefused(ILogger logger, string service, string operation, string problemType);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Upstream body of service {Service} broke while being adapted ({ExceptionType})")]
        public static partial void UpstreamBodyBroken(ILogger logger, string service, string exceptionType);
    }
}

/// <summary>What the request transform resolved, for the response transform of the same exchange.</summary>
internal sealed record AdapterExchange(string OperationId, RequestMapping Mapping);
