using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Splp.ExchangeLog;

/// <summary>A SHA-256 value, compared by value without allocating.</summary>
public readonly record struct Digest(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>The predecessor of a chain's first record: 32 zero bytes.</summary>
    public static Digest Genesis => default;

    /// <summary>Reads 32 bytes.</summary>
    public static Digest FromBytes(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    /// <summary>Parses 64 lower- or upper-case hex digits (UTF-8).</summary>
    public static bool TryParseHex(ReadOnlySpan<byte> hex, out Digest digest)
    {
        Span<byte> bytes = stackalloc byte[SHA256.HashSizeInBytes];
        if (hex.Length != 64 || Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            digest = default;
            return false;
        }

        digest = FromBytes(bytes);
        return true;
    }

    /// <summary>Parses 64 hex digits.</summary>
    public static bool TryParseHex(string hex, out Digest digest) =>
        TryParseHex(System.Text.Encoding.ASCII.GetBytes(hex ?? string.Empty), out digest);

    /// <summary>Writes the 32 bytes.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    /// <summary>Lower-case hex, 64 characters.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
