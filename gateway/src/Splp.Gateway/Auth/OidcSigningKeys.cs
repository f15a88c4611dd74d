using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>
/// The signing keys of one OIDC issuer: discovery and JWKS fetched on first use and cached. A token whose
/// <c>kid</c> is not among the cached keys fetches them again (key rotation without restart), at most once per
/// <see cref="TrustedIssuerOptions.MinimumRefreshInterval"/>; the periodic refresh runs in the background. A failed
/// fetch keeps the last good keys, so an identity provider's outage does not break tokens already verifiable.
/// </summary>
internal sealed partial class OidcSigningKeys : ISigningKeySource, IDisposable
{
    private readonly string _name;
    private readonly TrustedIssuerOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile KeySnapshot? _current;
    private long _lastAttemptTicks = long.MinValue;

    public OidcSigningKeys(string name, TrustedIssuerOptions options, HttpClient http, TimeProvider time, ILogger logger)
    {
        _name = name;
        _options = options;
        _http = http;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many times discovery and JWKS were fetched successfully.</summary>
    public int Fetches { get; private set; }

    public async ValueTask<IReadOnlyList<SecurityKey>?> GetKeysAsync(string? kid, CancellationToken cancellationToken)
    {
        var current = _current;
        var now = _time.GetUtcNow();
        var known = current is not null && (kid is null || current.KeyIds.Contains(kid));
        if (known && now - current!.FetchedAt < _options.RefreshInterval)
        {
            return current.Keys;
        }

        if (!MayAttempt(now))
        {
            return current?.Keys;
        }

        if (known)
        {
            // Periodic refresh: requests keep using the cached keys meanwhile.
            _ = Task.Run(() => RefreshAsync(CancellationToken.None), CancellationToken.None);
            return current!.Keys;
        }

        await RefreshAsync(cancellationToken);
        return _current?.Keys;
    }

    public void Dispose() => _fetching.Dispose();

    private bool MayAttempt(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastAttemptTicks);
        return last == long.MinValue || now.UtcTicks - last >= _options.MinimumRefreshInterval.Ticks;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _fetching.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            // Another request may have fetched while this one waited.
            if (!MayAttempt(now))
            {
                return;
            }

            Interlocked.Exchange(ref _lastAttemptTicks, now.UtcTicks);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.MetadataTimeout);
            var metadataAddress = new Uri(_options.EffectiveMetadataAddress!);
            using var discovery = await ReadJsonAsync(metadataAddress, timeout.Token);
            if (!discovery.RootElement.TryGetProperty("jwks_uri", out var jwksProperty)
                || !Uri.TryCreate(jwksProperty.GetString(), UriKind.Absolute, out var jwksUri))
            {
                throw new InvalidDataException("The discovery document has no absolute jwks_uri.");
            }

            if (discovery.RootElement.TryGetProperty("issuer", out var issuerProperty) && issuerProperty.GetString() is { } advertised
                && !string.Equals(advertised, _options.EffectiveIssuer, StringComparison.Ordinal))
            {
                Log.IssuerMismatch(_logger, _name, advertised, _options.EffectiveIssuer);
            }

            var jwksJson = await ReadStringAsync(jwksUri, timeout.Token);
            var keys = new JsonWebKeySet(jwksJson).GetSigningKeys();
            if (keys.Count == 0)
            {
                throw new InvalidDataException("The JWKS holds no signing key.");
            }

            _current = new KeySnapshot(keys.ToArray(), keys.Where(k => k.KeyId is not null).Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal), now);
            Fetches++;
            Log.KeysFetched(_logger, _name, keys.Count);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidDataException or JsonException or ArgumentException or InvalidOperationException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            Log.FetchFailed(_logger, _name, _current is not null, e.Message);
        }
        finally
        {
            _fetching.Release();
        }
    }

    private async Task<JsonDocument> ReadJsonAsync(Uri address, CancellationToken cancellationToken) =>
        JsonDocument.Parse(await ReadStringAsync(address, cancellationToken));

    private async Task<string> ReadStringAsync(Uri address, CancellationToken cancellationToken)
    {
        if (_options.RequireHttpsMetadata && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidDataException($"'{address}' is not https.");
        }

        using var response = await _http.GetAsync(address, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"'{address}' answered {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength > 1_048_576)
        {
            throw new InvalidDataException($"'{address}' answered more than 1 MiB.");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private sealed record KeySnapshot(IReadOnlyList<SecurityKey> Keys, HashSet<string> KeyIds, DateTimeOffset FetchedAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 5401, Level = LogLevel.Information, Message = "Signing keys of issuer '{Issuer}' fetched: {Count} keys")]
        public static partial void KeysFetched(ILogger logger, string issuer, int count);

        [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Signing keys of issuer '{Issuer}' could not be fetched (cached keys kept: {Kept}): {Reason}")]
        public static partial void FetchFailed(ILogger logger, string issuer, bool kept, string reason);

        [LoggerMessage(EventId = 5403, Level = LogLevel.Warning, Message = "Issuer '{Issuer}' advertises iss '{Advertised}' but is configured as '{Configured}'; set Issuer to what its tokens carry")]
        public static partial void IssuerMismatch(ILogger logger, string issuer, string advertised, string? configured);
    }
}

/// <summary>Where an issuer's signing keys come from.</summary>
internal interface ISigningKeySource
{
    /// <summary>The keys to verify a token with <paramref name="kid"/>; null when none could ever be had.</summary>
    ValueTask<IReadOnlyList<SecurityKey>?> GetKeysAsync(string? kid, CancellationToken cancellationToken);
}

/// <summary>A fixed key (the development issuer).</summary>
internal sealed class StaticSigningKeys(SecurityKey key) : ISigningKeySource
{
    private readonly IReadOnlyList<SecurityKey> _keys = [key];

    public ValueTask<IReadOnlyList<SecurityKey>?> GetKeysAsync(string? kid, CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<SecurityKey>?>(_keys);
}
