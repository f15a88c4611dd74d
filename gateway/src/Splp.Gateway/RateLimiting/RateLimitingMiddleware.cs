using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Splp.Contracts.Problems;
using Splp.Gateway.Consumers;
using Splp.Gateway.Problems;

namespace Splp.Gateway.RateLimiting;

/// <summary>
/// Applies the caller's plan per service in the proxy pipeline (after authorization, before the cache and the
/// upstream). Every limited response carries the IETF <c>RateLimit-Policy</c> and <c>RateLimit</c> fields
/// (draft-ietf-httpapi-ratelimit-headers); a refusal is 429 problem+json with <c>Retry-After</c>.
/// </summary>
internal sealed partial class RateLimitingMiddleware(
    RequestDelegate next,
    IConsumerPlanRegistry plans,
    ConsumerRateLimiter limiter,
    ILogger<RateLimitingMiddleware> logger)
{
    internal const string PolicyHeader = "RateLimit-Policy";
    internal const string StateHeader = "RateLimit";

    private readonly ConcurrentDictionary<ConsumerPlan, string> _policyHeaders = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var consumer = ConsumerId(context.User);
        var plan = consumer is null ? null : plans.GetPlan(consumer);
        if (plan is null || !plan.IsLimited)
        {
            await next(context);
            return;
        }

        var service = context.GetReverseProxyFeature().Route.Config.RouteId;
        var result = await limiter.AcquireAsync(service, consumer!, plan);
        var headers = context.Response.Headers;
        if (result.IsUnavailable)
        {
            headers.RetryAfter = "1";
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                ProblemTypes.RateLimitUnavailable,
                "Rate limiting unavailable",
                "The gateway cannot check this consumer's plan right now and the plan does not allow serving unchecked. Retry shortly.",
                keepHeaders: true);
            return;
        }

        headers[PolicyHeader] = _policyHeaders.GetOrAdd(plan, FormatPolicy);
        headers[StateHeader] = FormatState(result);
        if (result.Outcome == RateLimitOutcome.Allowed)
        {
            await next(context);
            return;
        }

        var seconds = (long)Math.Ceiling(result.RetryAfter.TotalSeconds);
        headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        if (result.Outcome == RateLimitOutcome.QuotaExceeded)
        {
            Log.QuotaExceeded(logger, consumer!, service, plan.Name);
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                ProblemTypes.QuotaExceeded,
                "Daily quota exceeded",
                $"The plan '{plan.Name}' allows {plan.DailyQuota} requests per day to this service; the quota resets at local midnight.",
                keepHeaders: true);
        }
        else
        {
            await ProblemResponses.WriteAsync(
                context,
                StatusCodes.Status429TooManyRequests,
                ProblemTypes.RateLimited,
                "Too many requests",
                $"The plan '{plan.Name}' allows {plan.RequestsPerSecond.ToString(CultureInfo.InvariantCulture)} requests per second with a burst of {plan.Burst} to this service.",
                keepHeaders: true);
        }
    }

    /// <summary>The consumer id of the verified caller (see <see cref="ConsumerIdentity"/>).</summary>
    internal static string? ConsumerId(ClaimsPrincipal user) => ConsumerIdentity.Id(user);

    internal static string FormatPolicy(ConsumerPlan plan)
    {
        var parts = new List<string>(2);
        if (plan.RequestsPerSecond > 0)
        {
            // The burst refills in burst ÷ rate seconds: that is the window the burst quota applies to.
            var window = Math.Max(1, (long)Math.Ceiling(plan.Burst / plan.RequestsPerSecond));
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"\"burst\";q={plan.Burst};w={window}"));
        }

        if (plan.DailyQuota > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"\"daily\";q={plan.DailyQuota};w=86400"));
        }

        return string.Join(", ", parts);
    }

    internal static string FormatState(RateLimitResult result)
    {
        var plan = result.Plan;
        if (plan.RequestsPerSecond > 0 && plan.DailyQuota > 0)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"\"burst\";r={result.BurstRemaining};t={Seconds(result.BurstResetAfter)}, \"daily\";r={result.QuotaRemaining};t={Seconds(result.QuotaResetAfter)}");
        }

        return plan.RequestsPerSecond > 0
            ? string.Create(CultureInfo.InvariantCulture, $"\"burst\";r={result.BurstRemaining};t={Seconds(result.BurstResetAfter)}")
            : string.Create(CultureInfo.InvariantCulture, $"\"daily\";r={result.QuotaRemaining};t={Seconds(result.QuotaResetAfter)}");
    }

    private static long Seconds(TimeSpan span) => Math.Max(0, (long)Math.Ceiling(span.TotalSeconds));

    private static partial class Log
    {
        [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Consumer {Consumer} used up the daily quota of plan {Plan} on service {Service}")]
        public static partial void QuotaExceeded(ILogger logger, string consumer, string service, string plan);
    }
}
