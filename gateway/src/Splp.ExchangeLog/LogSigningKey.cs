using System.Security.Cryptography;

namespace Splp.ExchangeLog;

/// <summary>
/// The gateway's exchange-log signing key: ECDSA P-256, kept as a PKCS#8 PEM file readable only by its owner,
/// created on first use. Verifiers need only the public key (<see cref="ExportPublicPem"/>, SubjectPublicKeyInfo
/// PEM, readable by OpenSSL).
/// </summary>
public static class LogSigningKey
{
    /// <summary>Loads the private key at <paramref name="path"/>, creating it if the file does not exist.</summary>
    public static ECDsa LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new InvalidDataException($"The exchange-log signing key '{path}' is not a PEM private key: {e.Message}", e);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"The exchange-log signing key '{path}' is not a P-256 key.");
        }

        return key;
    }

    /// <summary>Loads a public key (or the public half of a private key) from a PEM file.</summary>
    public static ECDsa LoadPublic(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        catch (ArgumentException e)
        {
            key.Dispose();
            throw new InvalidDataException($"'{path}' holds no PEM EC key: {e.Message}", e);
        }
    }

    /// <summary>The public key as SubjectPublicKeyInfo PEM.</summary>
    public static string ExportPublicPem(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>A short id of the public key: the first 8 bytes of SHA-256 over its SubjectPublicKeyInfo, hex.</summary>
    public static string KeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 8));
    }

    /// <summary>Signs a checkpoint message; IEEE P1363 signature, base64.</summary>
    public static string Sign(ECDsa key, string instance, long sealedSeq, Digest sealedHash)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToBase64String(key.SignData(LogFormat.CheckpointMessage(instance, sealedSeq, sealedHash), HashAlgorithmName.SHA256));
    }

    private static void TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportPkcs8PrivateKeyPem();
        var temp = path + "." + Environment.ProcessId + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
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
}
