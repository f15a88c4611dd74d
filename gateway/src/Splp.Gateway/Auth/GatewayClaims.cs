namespace Splp.Gateway.Auth;

/// <summary>
/// Claims the gateway itself adds to a verified principal. They carry <see cref="Issuer"/> as their claim issuer;
/// any claim of these types that came in a token is removed before the gateway adds its own.
/// </summary>
internal static class GatewayClaims
{
    /// <summary>The claim issuer of claims the gateway adds.</summary>
    public const string Issuer = "urn:splp:gateway";

    /// <summary>How the caller authenticated: <c>bearer</c> or <c>api-key</c>.</summary>
    public const string AuthMethod = "splp_auth";

    /// <summary>The id of the API key used, for API-key callers.</summary>
    public const string KeyId = "splp_key_id";

    /// <summary>The <see cref="AuthMethod"/> of bearer tokens.</summary>
    public const string Bearer = "bearer";

    /// <summary>The <see cref="AuthMethod"/> of API keys.</summary>
    public const string ApiKey = "api-key";

    /// <summary>Whether <paramref name="type"/> is a claim type reserved for the gateway.</summary>
    public static bool IsReserved(string type) => type.StartsWith("splp_", StringComparison.Ordinal);
}
