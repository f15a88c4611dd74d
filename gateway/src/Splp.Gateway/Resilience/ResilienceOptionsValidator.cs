using System.Globalization;

namespace Splp.Gateway.Resilience;

/// <summary>Checks a service's resilience settings for the catalog validator, adding every problem found.</summary>
internal static class ResilienceOptionsValidator
{
    public static void Validate(string at, ServiceResilienceOptions options, List<string> errors)
    {
        var retry = options.Retry;
        var where = at + ":Retry";
        if (retry.MaxAttempts is < 1 or > 5)
        {
            errors.Add($"{where}:MaxAttempts must be from 1 to 5.");
        }

        if (retry.BaseDelay < TimeSpan.Zero || retry.BaseDelay > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{where}:BaseDelay {Format(retry.BaseDelay)} must be from 00:00:00 to 00:00:30.");
        }

        if (retry.MaxDelay < retry.BaseDelay || retry.MaxDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{where}:MaxDelay {Format(retry.MaxDelay)} must be from BaseDelay to 00:01:00.");
        }

        if (double.IsNaN(retry.BudgetPercent) || retry.BudgetPercent is < 0 or > 100)
        {
            errors.Add($"{where}:BudgetPercent must be from 0 to 100.");
        }

        if (retry.MinRetriesPerSecond is < 0 or > 100)
        {
            errors.Add($"{where}:MinRetriesPerSecond must be from 0 to 100.");
        }

        foreach (var method in retry.Methods ?? [])
        {
            if (string.IsNullOrEmpty(method) || !RetryOptions.IdempotentMethods.Contains(method.ToUpperInvariant()))
            {
                errors.Add($"{where}:Methods: '{method}' is not an idempotent method (allowed: {string.Join(", ", RetryOptions.IdempotentMethods.Order(StringComparer.Ordinal))}).");
            }
        }

        var breaker = options.CircuitBreaker;
        where = at + ":CircuitBreaker";
        if (double.IsNaN(breaker.FailureRatio) || breaker.FailureRatio is <= 0 or > 1)
        {
            errors.Add($"{where}:FailureRatio must be above 0 and at most 1.");
        }

        if (breaker.MinimumThroughput is < 2 or > 100_000)
        {
            errors.Add($"{where}:MinimumThroughput must be from 2 to 100000.");
        }

        if (breaker.SamplingDuration < TimeSpan.FromMilliseconds(500) || breaker.SamplingDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{where}:SamplingDuration {Format(breaker.SamplingDuration)} must be from 00:00:00.5 to 01:00:00.");
        }

        if (breaker.BreakDuration < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration > TimeSpan.FromHours(1))
        {
            errors.Add($"{where}:BreakDuration {Format(breaker.BreakDuration)} must be from 00:00:00.5 to 01:00:00.");
        }
    }

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
