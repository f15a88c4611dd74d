namespace Splp.Gateway.Auth;

/// <summary>
/// The development token issuer of the embedded default, bound from <c>Splp:DevIssuer</c>. When enabled,
/// the gateway trusts tokens signed with a local key that <c>splp token</c> also uses. Never enable it
/// in production: anyone who can read the key file can mint tokens.
/// </summary>
public sealed class DevIssuerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:DevIssuer";

    /// <summary>Whether the gateway trusts the development issuer. Default: false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The <c>iss</c> of development tokens. Default: <c>splp-dev</c>.</summary>
    public string Issuer { get; set; } = DevTokenMinter.DefaultIssuer;

    /// <summary>The <c>aud</c> of development tokens. Default: <c>splp-gateway</c>.</summary>
    public string Audience { get; set; } = DevTokenMinter.DefaultAudience;

    /// <summary>
    /// Where the signing key lives; created on first use. Default: <c>~/.splp/dev-issuer-key.json</c>
    /// (overridable with the <c>SPLP_DEV_KEY</c> environment variable), so the gateway and the CLI find
    /// the same key from any working directory.
    /// </summary>
    public string? KeyPath { get; set; }
}
