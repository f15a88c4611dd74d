using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Splp.Gateway.Auth;

/// <summary>Checks <see cref="AuthOptions"/> and every trusted issuer, collecting every problem before refusing.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Collect(AuthOptions options)
    {
        var errors = new List<string>();
        var issuers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, issuer) in options.Issuers)
        {
            var at = $"{AuthOptions.SectionName}:Issuers:{name}";
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(issuer, new ValidationContext(issuer), results, validateAllProperties: true))
            {
                errors.AddRange(results.Select(r => $"{at}: {r.ErrorMessage}"));
            }

            if (!Uri.TryCreate(issuer.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("http" or "https"))
            {
                errors.Add($"{at}:Authority must be an absolute http(s) address.");
            }
            else if (issuer.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"{at}:Authority must use https (or set RequireHttpsMetadata to false, for tests on loopback only).");
            }

            if (!string.IsNullOrWhiteSpace(issuer.MetadataAddress)
                && (!Uri.TryCreate(issuer.MetadataAddress, UriKind.Absolute, out var metadata) || (issuer.RequireHttpsMetadata && metadata.Scheme != Uri.UriSchemeHttps)))
            {
                errors.Add($"{at}:MetadataAddress must be an absolute {(issuer.RequireHttpsMetadata ? "https" : "http(s)")} address.");
            }

            if (issuer.Audiences.Count == 0 || issuer.Audiences.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{at}:Audiences must list at least one audience, none empty.");
            }

            foreach (var algorithm in issuer.ValidAlgorithms)
            {
                if (!TrustedIssuerOptions.AllowedAlgorithms.Contains(algorithm, StringComparer.Ordinal))
                {
                    errors.Add($"{at}:ValidAlgorithms: '{algorithm}' is not allowed (only RS*, PS*, ES*; never none or HS*).");
                }
            }

            if (issuer.EffectiveIssuer is { Length: > 0 } iss && !issuers.TryAdd(iss, name))
            {
                errors.Add($"{at}: issuer '{iss}' is already trusted as '{issuers[iss]}'.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ConsumerClaim) && options.ConsumerClaim.StartsWith("splp_", StringComparison.Ordinal))
        {
            errors.Add($"{AuthOptions.SectionName}:ConsumerClaim must not be a gateway claim (splp_*).");
        }

        foreach (var header in options.StripHeaders)
        {
            if (string.IsNullOrWhiteSpace(header) || header.Any(c => c <= ' ' || c == ':' || c > '~'))
            {
                errors.Add($"{AuthOptions.SectionName}:StripHeaders: '{header}' is not a header name.");
            }
        }

        var range = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), range, validateAllProperties: true))
        {
            errors.AddRange(range.Select(r => $"{AuthOptions.SectionName}: {r.ErrorMessage}"));
        }

        return errors;
    }
}
