using System.Net;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Ops;

/// <summary>Cross-field rules of <see cref="OpsOptions"/>, every problem collected before refusing.</summary>
internal sealed class OpsOptionsValidator : IValidateOptions<OpsOptions>
{
    public ValidateOptionsResult Validate(string? name, OpsOptions options)
    {
        var errors = new List<string>();
        if (options.DownErrorRate < options.DegradedErrorRate)
        {
            errors.Add($"Splp:Ops:DownErrorRate ({options.DownErrorRate}) must not be below DegradedErrorRate ({options.DegradedErrorRate}).");
        }

        if (options.InactiveAfter <= options.Window)
        {
            errors.Add($"Splp:Ops:InactiveAfter ({options.InactiveAfter}) must be longer than Window ({options.Window}).");
        }

        foreach (var network in options.AllowedNetworks ?? [])
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                errors.Add($"Splp:Ops:AllowedNetworks: '{network}' is not a CIDR such as 10.0.0.0/8 or ::1/128.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
