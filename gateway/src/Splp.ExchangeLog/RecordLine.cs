using System.Text.Json;

namespace Splp.ExchangeLog;

/// <summary>The kind of a record, from its <c>type</c> member.</summary>
public enum RecordKind
{
    /// <summary>A type this version does not know (still chained and verified).</summary>
    Other,

    /// <summary>One exchange.</summary>
    Exchange,

    /// <summary>A signed checkpoint.</summary>
    Checkpoint,

    /// <summary>A writer start.</summary>
    Start,

    /// <summary>Lost records noted.</summary>
    Loss,
}

/// <summary>Reads the fixed leading members of a record line without parsing the rest.</summary>
public static class RecordLine
{
    /// <summary>Reads <c>seq</c>, <c>prev</c> and <c>type</c> from a line's canonical bytes.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> canonical, out long seq, out Digest prev, out RecordKind kind)
    {
        seq = -1;
        prev = default;
        kind = RecordKind.Other;
        try
        {
            var reader = new Utf8JsonReader(canonical, isFinalBlock: false, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("seq"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out seq)
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("prev"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
                || !Digest.TryParseHex(reader.ValueSpan, out prev)
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("type"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            kind = reader.ValueTextEquals(LogFormat.ExchangeType) ? RecordKind.Exchange
                : reader.ValueTextEquals(LogFormat.CheckpointType) ? RecordKind.Checkpoint
                : reader.ValueTextEquals(LogFormat.StartType) ? RecordKind.Start
                : reader.ValueTextEquals(LogFormat.LossType) ? RecordKind.Loss
                : RecordKind.Other;
            return seq >= 1;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>The signed members of a checkpoint record (or of the head file, which holds a copy of one).</summary>
/// <param name="Instance">The writer instance whose chain it seals.</param>
/// <param name="SealedSeq">The sequence number of the record it seals (the one just before it).</param>
/// <param name="SealedHash">That record's hash.</param>
/// <param name="KeyId">The signing key's id.</param>
/// <param name="Signature">ECDSA P-256 SHA-256, IEEE P1363 (r ‖ s), base64.</param>
/// <param name="Reason">Why it was written: interval, records, rotate, shutdown.</param>
public sealed record CheckpointFields(string Instance, long SealedSeq, Digest SealedHash, string KeyId, string Signature, string Reason)
{
    /// <summary>Parses the checkpoint members of a whole line (with its hash member).</summary>
    public static CheckpointFields? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("instance", out var instance) || instance.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("sealedSeq", out var sealedSeq) || !sealedSeq.TryGetInt64(out var seq)
                || !root.TryGetProperty("sealedHash", out var sealedHash) || !Digest.TryParseHex(sealedHash.GetString() ?? "", out var hash)
                || !root.TryGetProperty("keyId", out var keyId) || keyId.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("sig", out var sig) || sig.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
            return new CheckpointFields(instance.GetString()!, seq, hash, keyId.GetString()!, sig.GetString()!, reason);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether the signature is valid under <paramref name="publicKey"/>.</summary>
    public bool IsSignedBy(System.Security.Cryptography.ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        Span<byte> signature = stackalloc byte[64];
        if (!Convert.TryFromBase64String(Signature, signature, out var written) || written != 64)
        {
            return false;
        }

        return publicKey.VerifyData(LogFormat.CheckpointMessage(Instance, SealedSeq, SealedHash), signature[..written], System.Security.Cryptography.HashAlgorithmName.SHA256);
    }
}
