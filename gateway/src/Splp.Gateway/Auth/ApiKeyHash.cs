using System.Security.Cryptography;
using System.Text;

namespace Splp.Gateway.Auth;

/// <summary>
/// API keys and their stored form. A key is <c>splp_</c> followed by 32 random bytes (256 bits) in base64url; only
/// its SHA-256 is stored. A plain fast hash is adequate because the key is full-entropy random: there is no
/// dictionary to try and 2^256 candidates, so a slow password hash (PBKDF2, Argon2) would add latency to every
/// request and no security. Comparison is constant-time.
/// </summary>
public static class ApiKeyHash
{
    /// <summary>The prefix of every key the gateway generates.</summary>
    public const string KeyPrefix = "splp_";

    /// <summary>The shortest key accepted (a generated key is 48 characters).</summary>
    public const int MinKeyLength = 32;

    /// <summary>The longest key accepted.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>A new random key.</summary>
    public static string Generate() => KeyPrefix + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored form of <paramref name="key"/>: its SHA-256 as 64 lowercase hex digits.</summary>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(HashBytes(key));
    }

    /// <summary>The SHA-256 of <paramref name="key"/>'s UTF-8 bytes.</summary>
    public static byte[] HashBytes(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether <paramref name="hash"/> is a stored key hash (64 hex digits).</summary>
    public static bool IsHash(string? hash) => hash is { Length: 64 } && hash.All(Uri.IsHexDigit);

    /// <summary>Whether <paramref name="key"/> has the shape of a key (length and characters), before any lookup.</summary>
    public static bool IsWellFormed(string? key) =>
        key is { Length: >= MinKeyLength and <= MaxKeyLength } && key.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.');
}
