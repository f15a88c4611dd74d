using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Testing;

/// <summary>
/// A real OIDC identity provider on an ephemeral loopback port: a discovery document at
/// <c>/.well-known/openid-configuration</c>, a JWKS at <c>/jwks</c> with one RSA (RS256/PS256) and one P-256 (ES256)
/// key, and methods to mint tokens with any claims and header, rotate the keys, and go down (every request answers
/// 500). Counts the requests it served.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    private static readonly string[] SupportedAlgorithms = ["RS256", "PS256", "ES256"];
    private readonly WebApplication _app;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private volatile KeyPair _keys = KeyPair.Create(1);
    private int _generation = 1;
    private int _discoveryRequests;
    private int _jwksRequests;

    private TestOidcProvider(WebApplication app) => _app = app;

    /// <summary>The provider's authority, which is also the <c>iss</c> of its tokens (no trailing slash).</summary>
    public string Authority { get; private set; } = null!;

    /// <summary>The <c>aud</c> tokens carry unless told otherwise.</summary>
    public string Audience { get; set; } = "splp-gateway";

    /// <summary>Whether every request answers 500.</summary>
    public bool Down { get; set; }

    /// <summary>How many times the discovery document was served (or refused while down).</summary>
    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    /// <summary>How many times the JWKS was served (or refused while down).</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    /// <summary>The current RSA key id.</summary>
    public string RsaKeyId => _keys.Rsa.KeyId;

    /// <summary>The current EC key id.</summary>
    public string EcKeyId => _keys.Ec.KeyId;

    /// <summary>Starts a provider.</summary>
    public static async Task<TestOidcProvider> StartAsync()
    {
        // The empty builder reads no configuration files, so it holds no file watcher (inotify instances are a
        // per-user limit shared by every process on the machine).
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new TestOidcProvider(app);
        app.Run(provider.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Authority = address.TrimEnd('/');
        return provider;
    }

    /// <summary>Replaces both keys with new ones (new kids); the old ones leave the JWKS.</summary>
    public void RotateKeys() => _keys = KeyPair.Create(Interlocked.Increment(ref _generation));

    /// <summary>
    /// A token for <paramref name="consumer"/> (<c>client_id</c>, <c>azp</c>, <c>sub</c>) with <paramref name="scopes"/>,
    /// signed with the current key for <paramref name="algorithm"/> (RS256, PS256 or ES256).
    /// </summary>
    public string Mint(
        string consumer,
        string[] scopes,
        string algorithm = SecurityAlgorithms.RsaSha256,
        string? audience = null,
        string? issuer = null,
        TimeSpan? lifetime = null,
        TimeSpan? notBeforeOffset = null,
        IReadOnlyDictionary<string, object>? claims = null,
        SecurityKey? signingKey = null)
    {
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var notBefore = now + (notBeforeOffset ?? TimeSpan.Zero);
        var expires = notBefore + (lifetime ?? TimeSpan.FromHours(1));
        var all = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = consumer,
            ["client_id"] = consumer,
            ["azp"] = consumer,
            ["scope"] = string.Join(' ', scopes),
        };
        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            all[name] = value;
        }

        var key = signingKey ?? (algorithm.StartsWith("ES", StringComparison.Ordinal) ? _keys.Ec : _keys.Rsa);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience ?? Audience,
            IssuedAt = notBefore < now ? notBefore : now,
            NotBefore = notBefore,
            Expires = expires,
            Claims = all,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with the provider's issuer and audience.</summary>
    public string MintUnsigned(string consumer, string[] scopes)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT" };
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Authority, ["aud"] = Audience, ["sub"] = consumer, ["client_id"] = consumer, ["azp"] = consumer,
            ["scope"] = string.Join(' ', scopes), ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        };
        return Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(payload)) + ".";
    }

    /// <summary>
    /// The classic key-confusion forgery: an HS256 token whose HMAC secret is the provider's published RSA public key
    /// (its JWKS entry and its PEM are both tried by such attacks; this uses the SubjectPublicKeyInfo DER), with the
    /// RSA key's kid.
    /// </summary>
    public string MintHs256WithPublicKey(string consumer, string[] scopes)
    {
        var rsa = _keys.Rsa;
        var secret = new SymmetricSecurityKey(rsa.Rsa.ExportSubjectPublicKeyInfo()) { KeyId = rsa.KeyId };
        return Mint(consumer, scopes, SecurityAlgorithms.HmacSha256, signingKey: secret);
    }

    /// <summary>A token signed with the current RSA key but without a <c>kid</c> in its header.</summary>
    public string MintWithoutKid(string consumer, string[] scopes) =>
        Mint(consumer, scopes, signingKey: new RsaSecurityKey(_keys.Rsa.Rsa));

    /// <summary>A token signed with a fresh RSA key the JWKS does not publish, under <paramref name="kid"/>.</summary>
    public string MintWithUnpublishedKey(string consumer, string[] scopes, string kid = "not-published")
    {
        var stranger = new RsaSecurityKey(RSA.Create(2048)) { KeyId = kid };
        return Mint(consumer, scopes, signingKey: stranger);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        if (path == "/.well-known/openid-configuration")
        {
            Interlocked.Increment(ref _discoveryRequests);
        }
        else if (path == "/jwks")
        {
            Interlocked.Increment(ref _jwksRequests);
        }

        if (Down)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return;
        }

        context.Response.ContentType = "application/json";
        switch (path)
        {
            case "/.well-known/openid-configuration":
                await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["issuer"] = Authority,
                    ["jwks_uri"] = Authority + "/jwks",
                    ["id_token_signing_alg_values_supported"] = SupportedAlgorithms,
                }));
                break;
            case "/jwks":
                await context.Response.WriteAsync(_keys.JwksJson);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private sealed record KeyPair(RsaSecurityKey Rsa, ECDsaSecurityKey Ec, string JwksJson)
    {
        public static KeyPair Create(int generation)
        {
            var rsa = new RsaSecurityKey(RSA.Create(2048)) { KeyId = $"rsa-{generation}" };
            var ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = $"ec-{generation}" };
            var rp = rsa.Rsa.ExportParameters(false);
            var ep = ec.ECDsa.ExportParameters(false);
            var jwks = new StringBuilder();
            jwks.Append("{\"keys\":[");
            jwks.Append($"{{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\"{rsa.KeyId}\",\"n\":\"{Base64UrlEncoder.Encode(rp.Modulus)}\",\"e\":\"{Base64UrlEncoder.Encode(rp.Exponent)}\"}},");
            jwks.Append($"{{\"kty\":\"EC\",\"use\":\"sig\",\"kid\":\"{ec.KeyId}\",\"crv\":\"P-256\",\"x\":\"{Base64UrlEncoder.Encode(ep.Q.X)}\",\"y\":\"{Base64UrlEncoder.Encode(ep.Q.Y)}\"}}");
            jwks.Append("]}");
            return new KeyPair(rsa, ec, jwks.ToString());
        }
    }
}
