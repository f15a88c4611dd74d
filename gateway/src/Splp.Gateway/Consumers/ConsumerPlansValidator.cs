using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Consumers;

/// <summary>Collects every problem in the plans and consumer assignments before refusing them.</summary>
internal sealed class ConsumerPlansValidator : IValidateOptions<ConsumerPlansOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsumerPlansOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem found, in configuration-key terms.</summary>
    public List<string> Collect(ConsumerPlansOptions options)
    {
        var errors = new List<string>();
        foreach (var (planName, plan) in options.Plans)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(plan, new ValidationContext(plan), results, validateAllProperties: true))
            {
                errors.AddRange(results.Select(r => $"Plans:{planName}: {r.ErrorMessage}"));
            }

            if (!double.IsFinite(plan.RequestsPerSecond))
            {
                errors.Add($"Plans:{planName}:RequestsPerSecond must be a finite number.");
            }
        }

        foreach (var (id, consumer) in options.Consumers)
        {
            if (string.IsNullOrWhiteSpace(consumer.Plan))
            {
                errors.Add($"Consumers:{id}:Plan is required.");
            }
            else if (!options.Plans.ContainsKey(consumer.Plan))
            {
                errors.Add($"Consumers:{id}:Plan '{consumer.Plan}' is not listed under Plans.");
            }
        }

        return errors;
    }
}
