using Microsoft.Extensions.Options;

namespace Splp.Gateway.RateLimiting;

/// <summary>Cross-field rules: the time zone exists. (The default plan is checked with the plans by the plan registry.)</summary>
internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var errors = new List<string>();
        if (!QuotaCalendar.TryFindTimeZone(options.TimeZone, out _))
        {
            errors.Add($"{RateLimitingOptions.SectionName}:TimeZone '{options.TimeZone}' is not a known IANA time zone.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
