using System.Security.Cryptography;
using System.Text;
using Splp.Contracts.Kependudukan;

namespace Splp.Gateway.ExchangeLog;

/// <summary>
/// The keyed hash that names a data subject (a NIK) in the log without storing the number: HMAC-SHA256 under a
/// secret every replica shares, so "who accessed NIK X" is answered by hashing X again.
/// </summary>
internal sealed class SubjectKey
{
    private readonly byte[] _key;

    public SubjectKey(byte[] key) => _key = key;

    /// <summary>The configured key, or the key file (created on first use).</summary>
    public static SubjectKey Load(ExchangeLogOptions options)
    {
        if (!string.IsNullOrEmpty(options.SubjectKey))
        {
            return new SubjectKey(Encoding.UTF8.GetBytes(options.SubjectKey.Trim()));
        }

        var path = ExchangeLogOptions.ExpandHome(options.SubjectKeyPath);
        if (!File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var stream = new FileStream(path, fileOptions);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it meanwhile: its key wins.
            }
        }

        var text = File.ReadAllText(path).Trim();
        if (text.Length < 32)
        {
            throw new InvalidDataException($"The exchange-log subject key file '{path}' holds fewer than 32 characters.");
        }

        return new SubjectKey(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>The keyed hash of a NIK, lower-case hex.</summary>
    public string Hash(Nik nik)
    {
        Span<byte> digits = stackalloc byte[Nik.Length];
        Encoding.ASCII.GetBytes(nik.Value, digits);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, digits, mac);
        return Convert.ToHexStringLower(mac);
    }
}
