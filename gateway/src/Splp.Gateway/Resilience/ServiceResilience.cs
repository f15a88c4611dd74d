using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Splp.Gateway.Resilience;

/// <summary>
/// The resilience of one service: its Polly pipeline (circuit breaker outside, retry inside, so the breaker sees
/// each exchange once), its retry budget and its breaker's state. Built from <see cref="ResilienceSettings"/>;
/// kept across catalog reloads while those stay equal, so the breaker's state survives unrelated changes.
/// </summary>
internal sealed class ServiceResilience
{
    /// <summary>The request being sent, for the predicates.</summary>
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("splp.request");

    /// <summary>The consumer's RequestAborted token, set on the outgoing request by <see cref="ResilienceTransformProvider"/>.</summary>
    internal static readonly HttpRequestOptionsKey<CancellationToken> ClientAbortedKey = new("splp.client-aborted");

    private readonly CircuitBreakerStateProvider? _state;
    private readonly RetryBudget? _budget;
    private readonly HashSet<string> _retryMethods;

    public ServiceResilience(string service, ResilienceSettings settings, TimeProvider time, ResilienceMetrics metrics, ILogger logger)
    {
        Service = service;
        Settings = settings;
        _retryMethods = new HashSet<string>(settings.RetryMethods.Split(','), StringComparer.OrdinalIgnoreCase);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };

        if (settings.BreakerEnabled)
        {
            _state = new CircuitBreakerStateProvider();
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _state,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome, args.Context)),
                OnOpened = args =>
                {
                    metrics.Transition(service, "open");
                    ResilienceLog.CircuitOpened(logger, service, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    metrics.Transition(service, "half_open");
                    ResilienceLog.CircuitHalfOpened(logger, service);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    metrics.Transition(service, "closed");
                    ResilienceLog.CircuitClosed(logger, service);
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (settings.RetryEnabled && settings.MaxAttempts > 1)
        {
            _budget = new RetryBudget(settings.BudgetPercent, settings.MinRetriesPerSecond, time);
            var budget = _budget;
            var lastRetry = settings.MaxAttempts - 2;
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args =>
                {
                    // Polly asks on the last attempt too; only spend budget on a retry that will happen.
                    if (args.AttemptNumber > lastRetry || !IsRetryable(args.Outcome, args.Context))
                    {
                        return ValueTask.FromResult(false);
                    }

                    if (!budget.TryWithdraw())
                    {
                        metrics.RetryRefusedByBudget(service);
                        return ValueTask.FromResult(false);
                    }

                    metrics.RetryAttempted(service);
                    return ValueTask.FromResult(true);
                },
                OnRetry = args =>
                {
                    ResilienceLog.Retrying(logger, service, args.AttemptNumber + 2, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        Pipeline = builder.Build();
        IsPassThrough = _state is null && _budget is null;
    }

    /// <summary>The service name (the YARP cluster id).</summary>
    public string Service { get; }

    /// <summary>The settings this pipeline was built from.</summary>
    public ResilienceSettings Settings { get; }

    /// <summary>The pipeline requests run through.</summary>
    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>Whether neither retries nor a breaker apply, so requests skip the pipeline.</summary>
    public bool IsPassThrough { get; }

    /// <summary>The retry budget, or null without retries.</summary>
    public RetryBudget? Budget => _budget;

    /// <summary>The breaker's state as the dashboard sees it.</summary>
    public CircuitState State => _state is null
        ? CircuitState.Disabled
        : _state.CircuitState switch
        {
            Polly.CircuitBreaker.CircuitState.Closed => CircuitState.Closed,
            Polly.CircuitBreaker.CircuitState.HalfOpen => CircuitState.HalfOpen,
            _ => CircuitState.Open,
        };

    /// <summary>
    /// Whether an outcome counts against the app: connection errors, timeouts and 5xx answers do; 4xx answers and
    /// requests the consumer abandoned do not.
    /// </summary>
    internal static bool IsFailure(Outcome<HttpResponseMessage> outcome, ResilienceContext context) => outcome.Exception switch
    {
        null => outcome.Result is { } response && (int)response.StatusCode >= 500,
        OperationCanceledException => !ConsumerLeft(context),
        _ => true,
    };

    // Retried: nothing was received from the app (the connection failed) or the app said it cannot answer now,
    // and the request is idempotent and has no body (a streamed body cannot be sent twice).
    private bool IsRetryable(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var transient = outcome.Exception switch
        {
            null => outcome.Result?.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            _ => false,
        };
        // A half-open circuit lets one probe through to see whether the app recovered; retrying it would be extra load.
        return transient
            && _state?.CircuitState != Polly.CircuitBreaker.CircuitState.HalfOpen
            && context.Properties.TryGetValue(RequestKey, out var request)
            && request.Content is null
            && _retryMethods.Contains(request.Method.Method)
            && !context.CancellationToken.IsCancellationRequested;
    }

    private static bool ConsumerLeft(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request)
        && request.Options.TryGetValue(ClientAbortedKey, out var aborted)
        && aborted.IsCancellationRequested;
}

/// <summary>A service's resilience settings as a value, to tell whether a reload changed them.</summary>
internal sealed record ResilienceSettings(
    bool RetryEnabled,
    int MaxAttempts,
    TimeSpan BaseDelay,
    TimeSpan MaxDelay,
    double BudgetPercent,
    int MinRetriesPerSecond,
    string RetryMethods,
    bool BreakerEnabled,
    double FailureRatio,
    int MinimumThroughput,
    TimeSpan SamplingDuration,
    TimeSpan BreakDuration)
{
    public static ResilienceSettings From(ServiceResilienceOptions options)
    {
        var retry = options.Retry;
        var breaker = options.CircuitBreaker;
        var methods = (retry.Methods is { Count: > 0 } list ? list : RetryOptions.DefaultMethods)
            .Select(m => m.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return new ResilienceSettings(
            retry.Enabled, retry.MaxAttempts, retry.BaseDelay, retry.MaxDelay, retry.BudgetPercent, retry.MinRetriesPerSecond,
            string.Join(',', methods),
            breaker.Enabled, breaker.FailureRatio, breaker.MinimumThroughput, breaker.SamplingDuration, breaker.BreakDuration);
    }
}
