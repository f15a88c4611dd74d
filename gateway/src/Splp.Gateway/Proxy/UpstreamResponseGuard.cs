using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using Splp.Contracts.Loading;
using Splp.Contracts.Problems;
using Splp.Gateway.Catalog;
using Splp.Gateway.Problems;
using Splp.Gateway.Telemetry;
using Splp.Gateway.Validation;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Splp.Gateway.Proxy;

/// <summary>
/// Keeps an agency application's internals from reaching consumers, on every route whose service has no adapter
/// (adapters answer upstream failures with their own problems). On a contract route, an answer the contract does
/// not describe — a status the operation does not document, a media type its response does not declare, any 5xx —
/// becomes 502 <c>upstream-error</c> (undocumented 2xx–4xx only in enforce mode; monitor mode reports and passes
/// them). On a pass-through route, 5xx bodies are replaced unless the service sets
/// <c>Upstream:PassErrorBodies</c>. The upstream's status, media type and size, and a masked excerpt of its body,
/// go to the log; status, media type and size to the exchange record.
/// </summary>
internal sealed partial class UpstreamResponseGuard(
    ServiceCatalogProvider catalog,
    ContractViolationResponses violations,
    IMeterFactory meterFactory,
    ILogger<UpstreamResponseGuard> logger) : ITransformProvider
{
    /// <summary>The most body bytes read from a withheld answer, to measure it and quote its start.</summary>
    private const int MaxReadBytes = 64 * 1024;

    /// <summary>The most characters of a withheld body quoted in the log.</summary>
    private const int ExcerptChars = 200;

    private readonly Counter<long> _withheld = meterFactory.Create("Splp.Proxy").CreateCounter<long>(
        "splp.upstream.withheld", "{response}", "Agency application answers the gateway withheld from consumers, by service and reason.");

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (catalog.Current.Services.TryGetValue(context.Route.RouteId, out var service) && service.Adapter is null)
        {
            context.ResponseTransforms.Add(new ResponseFuncTransform(GuardAsync));
        }
    }

    private async ValueTask GuardAsync(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not { } upstream)
        {
            return;
        }

        var http = context.HttpContext;
        var status = (int)upstream.StatusCode;
        var exchange = http.Features.Get<ContractExchange>();
        if (status < 500 && exchange is null)
        {
            return; // pass-through, not a failure: the common path costs one feature lookup
        }

        var contentType = upstream.Content.Headers.ContentType?.ToString();
        string reason;
        string service;
        string? operation = null;
        if (exchange is not null)
        {
            service = exchange.Service.Name;
            operation = exchange.Operation.OperationId;
            var hasBody = upstream.Content.Headers.ContentLength != 0 && !HttpMethods.IsHead(http.Request.Method);
            var undescribed = exchange.Operation.DescribesAnswer(status, contentType, hasBody);
            if (status >= 500)
            {
                reason = "server-error";
            }
            else if (undescribed == UndescribedAnswer.None)
            {
                return;
            }
            else
            {
                reason = undescribed == UndescribedAnswer.Status ? "undocumented-status" : "undeclared-media-type";
                var what = undescribed == UndescribedAnswer.Status
                    ? $"status code {status} is not documented for {operation}"
                    : $"media type {Describe(contentType)} is not declared for status {status} of {operation}";
                if (!violations.AnswerUndescribed(http, exchange.Service, operation, what))
                {
                    return; // monitor mode: reported, passed on
                }
            }
        }
        else
        {
            if (!catalog.Current.Services.TryGetValue(http.GetReverseProxyFeature().Route.Config.RouteId, out var published)
                || published.Upstream.PassErrorBodies)
            {
                return;
            }

            service = published.Name;
            reason = "server-error";
        }

        context.SuppressResponseBody = true;
        var (bytes, excerpt) = await ReadExcerptAsync(upstream, context.CancellationToken);
        _withheld.Add(1, new("splp.service", service), new("splp.reason", reason));
        Log.Withheld(logger, service, operation ?? "-", status, Describe(contentType), bytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", reason, excerpt);
        http.Features.Set(new WithheldUpstreamAnswer(status, contentType, bytes));

        var retryAfter = upstream.Headers.RetryAfter?.ToString();
        var detail = reason == "server-error"
            ? $"The agency application answered HTTP {status}; the gateway withheld its body."
            : $"The agency application's answer (HTTP {status}, {Describe(contentType)}) is not one the {exchange!.Service.Contract} contract describes for {operation}; the gateway withheld it.";
        await ProblemResponses.WriteAsync(http, StatusCodes.Status502BadGateway, ProblemTypes.UpstreamError, "The agency application reported an error", detail);
        if (status == StatusCodes.Status503ServiceUnavailable && !string.IsNullOrEmpty(retryAfter))
        {
            http.Response.Headers.RetryAfter = retryAfter; // the app's own hint when to come back is not an internal
        }
    }

    private static string Describe(string? contentType) => string.IsNullOrWhiteSpace(contentType) ? "(none)" : contentType;

    /// <summary>Reads the start of a withheld body: its size (when known) and a printable, masked excerpt.</summary>
    private static async Task<(long? Bytes, string Excerpt)> ReadExcerptAsync(HttpResponseMessage upstream, CancellationToken cancellationToken)
    {
        var declared = upstream.Content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(MaxReadBytes);
        try
        {
            var read = 0;
            var complete = false;
            try
            {
                await using var body = await upstream.Content.ReadAsStreamAsync(cancellationToken);
                while (read < MaxReadBytes)
                {
                    var n = await body.ReadAsync(buffer.AsMemory(read, MaxReadBytes - read), cancellationToken);
                    if (n == 0)
                    {
                        complete = true;
                        break;
                    }

                    read += n;
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
            {
                // What was read is what there is to quote; the consumer gets the problem either way.
            }

            return (declared ?? (complete ? read : null), Excerpt(buffer.AsSpan(0, read)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The first characters of a body, control characters and runs of white space folded to one space, NIKs masked.</summary>
    internal static string Excerpt(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, ExcerptChars * 4)]);
        var folded = new StringBuilder(Math.Min(text.Length, ExcerptChars + 1));
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = folded.Length > 0;
                continue;
            }

            if (space)
            {
                folded.Append(' ');
                space = false;
            }

            folded.Append(c);
            if (folded.Length >= ExcerptChars)
            {
                break;
            }
        }

        return PersonalDataMask.Mask(folded.ToString());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Withheld the answer of service {Service} operation {Operation} from the consumer: HTTP {Status}, {MediaType}, {Bytes} bytes ({Reason}); it began: {Excerpt}")]
        public static partial void Withheld(ILogger logger, string service, string operation, int status, string mediaType, string bytes, string reason, string excerpt);
    }
}

/// <summary>An upstream answer the gateway replaced with a problem, for the exchange record.</summary>
/// <param name="Status">The upstream's status code.</param>
/// <param name="MediaType">Its Content-Type, if any.</param>
/// <param name="Bytes">Its body size, when known.</param>
internal sealed record WithheldUpstreamAnswer(int Status, string? MediaType, long? Bytes);
