namespace Splp.Testing;

/// <summary>Builds gateway configuration for tests, in the same keys an operator writes.</summary>
public sealed class CatalogSettings
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Starts from the development issuer enabled with <paramref name="tokens"/>' key, one test agency, and
    /// <c>Splp:Auth:RequireRegisteredConsumer</c> off (set it, or remove it with <see cref="Set"/> and null, to test registration).
    /// </summary>
    public CatalogSettings(TestTokens tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _settings["Splp:DevIssuer:Enabled"] = "true";
        _settings["Splp:DevIssuer:KeyPath"] = tokens.KeyPath;
        _settings["Splp:Agencies:uji:Name"] = "Dinas Uji Coba";
        // Test hosts call with unregistered consumers unless a test registers them (the code default is true).
        _settings["Splp:Auth:RequireRegisteredConsumer"] = "false";
    }

    /// <summary>Adds a service bound to <paramref name="destination"/>.</summary>
    public CatalogSettings Service(
        string name,
        Uri destination,
        string? adapter = null,
        string[]? scopes = null,
        bool anonymous = false,
        TimeSpan? timeout = null,
        bool healthChecks = false,
        TimeSpan? healthInterval = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var at = $"Splp:Services:{name}:";
        _settings[at + "Agency"] = "uji";
        _settings[at + "Upstream:Destinations:primary"] = destination.ToString();
        _settings[at + "Upstream:HealthCheck:Enabled"] = healthChecks ? "true" : "false";
        if (healthInterval is { } interval)
        {
            _settings[at + "Upstream:HealthCheck:Interval"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
            _settings[at + "Upstream:HealthCheck:Timeout"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (timeout is { } t)
        {
            _settings[at + "Upstream:Timeout"] = t.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (adapter is not null)
        {
            _settings[at + "Adapter"] = adapter;
        }

        _settings[at + "Policies:Anonymous"] = anonymous ? "true" : "false";
        var i = 0;
        foreach (var scope in scopes ?? [])
        {
            _settings[$"{at}Policies:Scopes:{i++}"] = scope;
        }

        return this;
    }

    /// <summary>Sets any other key.</summary>
    public CatalogSettings Set(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>The settings for <see cref="GatewayTestHost.StartAsync"/>.</summary>
    public IReadOnlyDictionary<string, string?> Build() => new Dictionary<string, string?>(_settings, StringComparer.OrdinalIgnoreCase);
}
