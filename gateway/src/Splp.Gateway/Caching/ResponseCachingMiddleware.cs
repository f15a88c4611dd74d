using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

using Splp.Gateway.Proxy;

namespace Splp.Gateway.Caching;

/// <summary>
/// Caches responses of the operations the catalog marks cacheable, as the consumer gets them (after the adapter):
/// memory first, then Redis, then one upstream call per key however many consumers miss at once (single-flight).
/// Never stores Set-Cookie, <c>Cache-Control: private/no-store/no-cache</c> or non-2xx responses. Serves a stale
/// entry when the upstream fails, for operations that opt in. Every cacheable response says what happened in
/// <c>Splp-Cache: hit|miss|stale|bypass</c>.
/// </summary>
internal sealed partial class ResponseCachingMiddleware(
    RequestDelegate next,
    CacheRules rules,
    MemoryResponseCache memory,
    ISharedResponseCache shared,
    CachingMetrics metrics,
    IOptions<CachingOptions> options,
    TimeProvider time,
    ILogger<ResponseCachingMiddleware> logger)
{
    /// <summary>The response header that reports the cache status.</summary>
    public const string StatusHeader = "Splp-Cache";

    // Hop-by-hop fields, per-exchange fields, and the fields the gateway sets per request (rate limits, cache status).
    private static readonly HashSet<string> NotStored = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Connection, HeaderNames.KeepAlive, HeaderNames.TransferEncoding, HeaderNames.Upgrade, HeaderNames.ProxyAuthenticate,
        HeaderNames.Trailer, HeaderNames.TE, HeaderNames.SetCookie, HeaderNames.Date, HeaderNames.Age, HeaderNames.ContentLength,
        HeaderNames.RetryAfter, "RateLimit", "RateLimit-Policy", StatusHeader, "traceparent", "tracestate",
    };

    private readonly ConcurrentDictionary<string, TaskCompletionSource<CachedResponse?>> _inflight = new(StringComparer.Ordinal);
    private readonly int _maxEntryBytes = options.Value.MaxEntryBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var service = context.GetReverseProxyFeature().Route.Config.RouteId;
        if (!rules.HasRules(service))
        {
            await next(context);
            return;
        }

        var rule = HttpMethods.IsGet(context.Request.Method) ? rules.Match(service, context.Request.Path) : null;
        if (rule is null)
        {
            context.Response.Headers[StatusHeader] = "bypass";
            metrics.Lookup("bypass", "upstream", service);
            await next(context);
            return;
        }

        var key = CacheKey.Build(rule, context.Request, context.User);
        var now = time.GetUtcNow();
        CachedResponse? stale = null;
        if (memory.TryGet(key, out var entry))
        {
            if (entry!.IsFresh(now))
            {
                metrics.Lookup("hit", "memory", service);
                await WriteAsync(context, entry, "hit", now);
                return;
            }

            stale = entry;
        }

        var fromShared = await shared.GetAsync(key);
        if (fromShared is not null)
        {
            if (fromShared.IsFresh(now))
            {
                memory.Set(key, fromShared);
                metrics.Lookup("hit", "shared", service);
                await WriteAsync(context, fromShared, "hit", now);
                return;
            }

            stale = stale is null || fromShared.StoredAt > stale.StoredAt ? fromShared : stale;
        }

        var flight = new TaskCompletionSource<CachedResponse?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_inflight.TryAdd(key, flight))
        {
            if (_inflight.TryGetValue(key, out var leader))
            {
                var coalesced = await leader.Task.WaitAsync(context.RequestAborted);
                if (coalesced is not null)
                {
                    metrics.Lookup("hit", "coalesced", service);
                    await WriteAsync(context, coalesced, "hit", time.GetUtcNow());
                    return;
                }
            }

            // The leader's answer was not cacheable (or it just finished): go to the upstream ourselves.
            await FetchAsync(context, rule, key, stale, service, flight: null);
            return;
        }

        try
        {
            await FetchAsync(context, rule, key, stale, service, flight);
        }
        finally
        {
            // Not stored (failed, too large, not cacheable, aborted): followers go to the upstream themselves.
            flight.TrySetResult(null);
            _inflight.TryRemove(new KeyValuePair<string, TaskCompletionSource<CachedResponse?>>(key, flight));
        }
    }

    /// <summary>
    /// Calls the upstream with the body held back, then stores, serves stale, or passes the answer on. Waiting
    /// followers (<paramref name="flight"/>) get the stored entry before the body is sent to this caller, so a slow
    /// consumer never delays the others.
    /// </summary>
    private async Task FetchAsync(HttpContext context, CompiledCacheRule rule, string key, CachedResponse? stale, string service, TaskCompletionSource<CachedResponse?>? flight)
    {
        var response = context.Response;
        var bodyFeature = context.Features.Get<IHttpResponseBodyFeature>()!;
        var capture = new HoldBackStream(bodyFeature.Stream, _maxEntryBytes);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(capture, bodyFeature));
        response.Headers[StatusHeader] = "miss";
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(bodyFeature);
        }

        if (capture.Overflowed)
        {
            metrics.Lookup("miss", "upstream", service);
            return;
        }

        var now = time.GetUtcNow();
        var failed = context.Features.Get<IForwarderErrorFeature>() is { Error: not ForwarderError.None } || response.StatusCode >= 500;
        if (failed && stale is not null && rule.StaleIfError > TimeSpan.Zero && stale.IsUsableStale(now) && !response.HasStarted)
        {
            // Served instead of the failure; the proxy error middleware sees a started response and stays quiet.
            Log.ServedStale(logger, service, rule.Operation);
            metrics.Lookup("stale", "upstream", service);
            response.Clear();
            await WriteAsync(context, stale, "stale", now);
            return;
        }

        metrics.Lookup("miss", "upstream", service);
        var body = capture.Captured.ToArray();
        var stored = failed ? null : ToEntry(response, rule, body, now);
        if (stored is not null)
        {
            memory.Set(key, stored);
            // The consumer need not wait for Redis; failures are counted by the shared level.
            _ = shared.SetAsync(key, stored);
        }

        flight?.TrySetResult(stored);
        await capture.ReleaseAsync(context.RequestAborted);
    }

    private static CachedResponse? ToEntry(HttpResponse response, CompiledCacheRule rule, byte[] body, DateTimeOffset now)
    {
        if (response.StatusCode is < 200 or > 299 or StatusCodes.Status206PartialContent || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            return null;
        }

        var ttl = rule.Ttl;
        if (CacheControlHeaderValue.TryParse(response.Headers.CacheControl.ToString(), out var cacheControl) && cacheControl is not null)
        {
            if (cacheControl.Private || cacheControl.NoStore || cacheControl.NoCache)
            {
                return null;
            }

            var maxAge = cacheControl.SharedMaxAge ?? cacheControl.MaxAge;
            if (maxAge is { } m && m < ttl)
            {
                if (m <= TimeSpan.Zero)
                {
                    return null;
                }

                ttl = m;
            }
        }

        if (response.Headers.Vary.Any(v => v?.Contains('*', StringComparison.Ordinal) == true))
        {
            return null;
        }

        var headers = new List<KeyValuePair<string, StringValues>>(response.Headers.Count);
        foreach (var header in response.Headers)
        {
            if (!NotStored.Contains(header.Key))
            {
                headers.Add(header);
            }
        }

        var expires = now + ttl;
        return new CachedResponse(response.StatusCode, [.. headers], body, now, expires, expires + rule.StaleIfError);
    }

    private static Task WriteAsync(HttpContext context, CachedResponse entry, string status, DateTimeOffset now)
    {
        var response = context.Response;
        response.StatusCode = entry.Status;
        var headers = response.Headers;
        foreach (var (name, values) in entry.Headers)
        {
            headers[name] = values;
        }

        headers[StatusHeader] = status;
        var age = (long)Math.Max(0, (now - entry.StoredAt).TotalSeconds);
        headers.Age = age.ToString(CultureInfo.InvariantCulture);
        response.ContentLength = entry.Body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(entry.Body, context.RequestAborted).AsTask();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5210, Level = LogLevel.Warning, Message = "Service {Service} failed; served a stale cached response of operation {Operation}")]
        public static partial void ServedStale(ILogger logger, string service, string operation);
    }
}
