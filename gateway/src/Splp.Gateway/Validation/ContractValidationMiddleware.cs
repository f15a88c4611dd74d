using System.Buffers;
using Microsoft.Net.Http.Headers;
using Splp.Contracts.Problems;
using Splp.Contracts.Validation;
using Splp.Gateway.Catalog;
using Splp.Gateway.Problems;
using Splp.Gateway.Proxy;

namespace Splp.Gateway.Validation;

/// <summary>
/// Holds each exchange of a contract-bound service to its contract: resolves the operation (unknown →
/// 404), validates path, query and body before anything is forwarded, and — for pass-through services —
/// the upstream's response before it is released. Adapted services have their response validated by the
/// adapter step, which already holds the mapped body.
/// </summary>
internal sealed class ContractValidationMiddleware(
    RequestDelegate next,
    ServiceCatalogProvider catalog,
    ContractViolationResponses violations,
    Microsoft.Extensions.Options.IOptions<Splp.Gateway.Limits.RequestLimitsOptions> limits,
    Microsoft.Extensions.Options.IOptions<Splp.Gateway.Proxy.ProxyOptions> proxy)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var routeId = context.GetReverseProxyFeature().Route.Config.RouteId;
        if (!catalog.Current.Services.TryGetValue(routeId, out var service)
            || service.ContractDocument is not { } contract
            || service.Validation == ContractValidationMode.Off)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var path = service.ContractPath(request.Path);
        if (!contract.TryResolve(request.Method, path, out var operation, out var pathParameters))
        {
            if (await violations.OperationUnknownAsync(context, service, request.Method, path))
            {
                return;
            }

            await next(context);
            return;
        }

        ReadOnlyMemory<byte>? body = null;
        if (HasBody(request))
        {
            body = await ReadBodyAsync(context, limits.Value.MaxRequestBodyBytes);
            if (body is null)
            {
                return; // already answered 413
            }
        }

        var found = operation.ValidateRequest(pathParameters, request.Query, body);
        Telemetry.SplpTelemetry.Recorded?.AddEvent(new("splp.contract.request_validated", tags: new() { ["splp.violations"] = found.Count }));
        if (found.Count == 0 && body is { Length: > 0 } && !IsJson(request.ContentType))
        {
            found = [new ContractViolation("", "Content-Type must be application/json")];
        }

        if (found.Count > 0 && await violations.RequestViolatedAsync(context, service, operation.OperationId, found))
        {
            return;
        }

        var exchange = new ContractExchange(service, operation);
        context.Features.Set(exchange);
        if (service.Adapter is not null)
        {
            await next(context);
            return;
        }

        await ForwardAndValidateResponseAsync(context, exchange);
    }

    private async Task ForwardAndValidateResponseAsync(HttpContext context, ContractExchange exchange)
    {
        var original = context.Response.Body;
        await using var capture = new HoldBackStream(original, proxy.Value.MaxAdaptedResponseBytes);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (capture.Overflowed || context.Response.HasStarted || IsProblemWrittenByGateway(context))
        {
            // Too large to hold back (streamed through unvalidated), or the forwarding failed and the error
            // step answers with a problem: nothing of the upstream's to release.
            return;
        }

        var response = context.Response;
        if (response.StatusCode < 500 && IsJson(response.ContentType))
        {
            var found = exchange.Operation.ValidateResponse(response.StatusCode, capture.Captured);
            Telemetry.SplpTelemetry.Recorded?.AddEvent(new("splp.contract.response_validated", tags: new() { ["splp.violations"] = found.Count }));
            if (found.Count > 0 && await violations.ResponseViolatedAsync(context, exchange.Service, exchange.Operation.OperationId, found))
            {
                return;
            }
        }

        await capture.ReleaseAsync(context.RequestAborted);
    }

    private static bool IsProblemWrittenByGateway(HttpContext context) =>
        context.Features.Get<Yarp.ReverseProxy.Forwarder.IForwarderErrorFeature>() is { Error: not Yarp.ReverseProxy.Forwarder.ForwarderError.None };

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context, long limit)
    {
        var buffer = new ArrayBufferWriter<byte>(context.Request.ContentLength is long n and < 64 * 1024 ? (int)Math.Max(n, 1) : 16 * 1024);
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(8192);
                var read = await context.Request.Body.ReadAsync(memory, context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > limit)
                {
                    throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ProblemResponses.WriteAsync(context, 413, ProblemTypes.PayloadTooLarge, "Payload too large", "The request body exceeds the gateway's limit.");
            return null;
        }

        // The body has been read once for validation; the proxy (or the adapter) reads this copy.
        var bytes = buffer.WrittenMemory;
        context.Request.Body = new MemoryStream(bytes.ToArray(), writable: false);
        return bytes;
    }
}
