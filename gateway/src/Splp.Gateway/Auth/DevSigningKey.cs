using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.IdentityModel.Tokens;

namespace Splp.Gateway.Auth;

/// <summary>
/// The development issuer's ES256 key, kept as a private JWK in a file readable only by its owner.
/// Created on first use by whichever of the gateway or the CLI needs it first.
/// </summary>
public static class DevSigningKey
{
    /// <summary>The environment variable that overrides the default key path.</summary>
    public const string PathVariable = "SPLP_DEV_KEY";

    /// <summary>The key path to use when none is configured.</summary>
    public static string DefaultPath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".splp", "dev-issuer-key.json");

    /// <summary>Loads the key at <paramref name="path"/>, creating it if the file does not exist.</summary>
    public static ECDsaSecurityKey LoadOrCreate(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        var jwk = JsonSerializer.Deserialize(File.ReadAllText(path), DevKeyJsonContext.Default.DevKeyFile)
            ?? throw new InvalidDataException($"The development key file '{path}' is empty.");
        if (jwk.Kty != "EC" || jwk.Crv != "P-256" || jwk.D is null || jwk.X is null || jwk.Y is null || jwk.Kid is null)
        {
            throw new InvalidDataException($"The development key file '{path}' is not a private P-256 JWK.");
        }

        var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Base64UrlEncoder.DecodeBytes(jwk.D),
            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(jwk.X), Y = Base64UrlEncoder.DecodeBytes(jwk.Y) },
        });
        return new ECDsaSecurityKey(ecdsa) { KeyId = jwk.Kid };
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ecdsa.ExportParameters(includePrivateParameters: true);
        var file = new DevKeyFile
        {
            Kty = "EC",
            Crv = "P-256",
            Kid = "splp-dev-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)),
            X = Base64UrlEncoder.Encode(p.Q.X),
            Y = Base64UrlEncoder.Encode(p.Q.Y),
            D = Base64UrlEncoder.Encode(p.D),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(file, DevKeyJsonContext.Default.DevKeyFile);
        var temp = path + "." + Environment.ProcessId + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, fileOptions))
        {
            stream.Write(json);
        }

        try
        {
            // Never overwrite: if another process created the key meanwhile, its key wins.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
    }

    internal sealed class DevKeyFile
    {
        [JsonPropertyName("kty")] public string? Kty { get; set; }
        [JsonPropertyName("crv")] public string? Crv { get; set; }
        [JsonPropertyName("kid")] public string? Kid { get; set; }
        [JsonPropertyName("x")] public string? X { get; set; }
        [JsonPropertyName("y")] public string? Y { get; set; }
        [JsonPropertyName("d")] public string? D { get; set; }
    }
}

[JsonSerializable(typeof(DevSigningKey.DevKeyFile))]
internal sealed partial class DevKeyJsonContext : JsonSerializerContext;
