using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Splp.ExchangeLog;

/// <summary>
/// The on-disk format. One record per line (UTF-8 JSON, <c>\n</c>-terminated), members in a fixed order:
/// <c>{"seq":N,"prev":"&lt;hex&gt;","type":"…","time":"…",…,"hash":"&lt;hex&gt;"}</c>. The record's canonical
/// bytes are the line up to (not including) <c>,"hash":</c>; <c>hash = SHA-256(prev-hash bytes ‖ canonical bytes)</c>,
/// so any change to any byte of a record, its sequence or its link breaks it. The verifier hashes the bytes as
/// written and never re-serializes.
/// </summary>
public static partial class LogFormat
{
    /// <summary>Record type of one exchange.</summary>
    public const string ExchangeType = "exchange";

    /// <summary>Record type of a signed checkpoint.</summary>
    public const string CheckpointType = "checkpoint";

    /// <summary>Record type written when a writer starts (after recovering a torn tail, if any).</summary>
    public const string StartType = "start";

    /// <summary>Record type noting exchanges whose records were lost (queue full).</summary>
    public const string LossType = "loss";

    /// <summary>The file extension of log files.</summary>
    public const string Extension = ".jsonl";

    /// <summary>The length of the trailing <c>,"hash":"&lt;64 hex&gt;"}</c>.</summary>
    public const int HashSuffixLength = 9 + 64 + 2;

    /// <summary>The domain-separation prefix of signed checkpoint messages.</summary>
    public const string CheckpointDomain = "splp-exchange-log/v1";

    private static readonly byte[] HashSuffixStart = ",\"hash\":\""u8.ToArray();

    /// <summary>A valid instance id: letters, digits, <c>-</c> and <c>_</c>, 1–64 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    public static partial Regex InstancePattern();

    [GeneratedRegex(@"^exchanges\.(?<instance>[A-Za-z0-9_-]{1,64})\.(?<day>\d{8})\.(?<seq>\d{12})\.jsonl$")]
    private static partial Regex FileNamePattern();

    /// <summary>The name of the file whose first record has sequence <paramref name="firstSeq"/>.</summary>
    public static string FileName(string instance, DateOnly localDay, long firstSeq) =>
        string.Create(CultureInfo.InvariantCulture, $"exchanges.{instance}.{localDay:yyyyMMdd}.{firstSeq:D12}{Extension}");

    /// <summary>The file holding a copy of the instance's latest signed checkpoint (replaced atomically).</summary>
    public static string HeadFileName(string instance) => $"exchanges.{instance}.checkpoint.json";

    /// <summary>The lock file that keeps two writers off one chain.</summary>
    public static string LockFileName(string instance) => $"exchanges.{instance}.lock";

    /// <summary>Parses a log file name.</summary>
    public static bool TryParseFileName(string fileName, out string instance, out DateOnly day, out long firstSeq)
    {
        var match = FileNamePattern().Match(fileName);
        instance = match.Success ? match.Groups["instance"].Value : string.Empty;
        day = match.Success ? DateOnly.ParseExact(match.Groups["day"].Value, "yyyyMMdd", CultureInfo.InvariantCulture) : default;
        firstSeq = match.Success ? long.Parse(match.Groups["seq"].Value, CultureInfo.InvariantCulture) : 0;
        return match.Success;
    }

    /// <summary>The log files of every instance in <paramref name="directory"/>, grouped by instance, in chain order.</summary>
    public static SortedDictionary<string, List<string>> FilesByInstance(string directory)
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "exchanges.*" + Extension))
        {
            if (TryParseFileName(Path.GetFileName(path), out var instance, out _, out _))
            {
                if (!result.TryGetValue(instance, out var list))
                {
                    result[instance] = list = [];
                }

                list.Add(path);
            }
        }

        // Names sort by first sequence number within an instance (the day is monotonic too).
        foreach (var list in result.Values)
        {
            list.Sort((a, b) => Seq(a).CompareTo(Seq(b)));
        }

        return result;

        static long Seq(string path) => TryParseFileName(Path.GetFileName(path), out _, out _, out var s) ? s : -1;
    }

    /// <summary>The chain hash of a record: SHA-256(prev ‖ canonical).</summary>
    public static Digest ComputeHash(Digest prev, ReadOnlySpan<byte> canonical)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        return ComputeHash(hash, prev, canonical);
    }

    /// <summary>The chain hash with a reusable hasher.</summary>
    public static Digest ComputeHash(IncrementalHash hasher, Digest prev, ReadOnlySpan<byte> canonical)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        Span<byte> buffer = stackalloc byte[32];
        prev.WriteBytes(buffer);
        hasher.AppendData(buffer);
        hasher.AppendData(canonical);
        hasher.GetHashAndReset(buffer);
        return Digest.FromBytes(buffer);
    }

    /// <summary>
    /// Splits a line (without its <c>\n</c>) into canonical bytes and declared hash; false when the line does
    /// not end in a well-formed hash member.
    /// </summary>
    public static bool TrySplit(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> canonical, out Digest declared)
    {
        canonical = default;
        declared = default;
        if (line.Length <= HashSuffixLength || line[^1] != (byte)'}' || line[^2] != (byte)'"')
        {
            return false;
        }

        var suffix = line[^HashSuffixLength..];
        if (!suffix.StartsWith(HashSuffixStart) || !Digest.TryParseHex(suffix.Slice(HashSuffixStart.Length, 64), out declared))
        {
            return false;
        }

        canonical = line[..^HashSuffixLength];
        return true;
    }

    /// <summary>The message a checkpoint signs: domain, instance, and the sequence and hash of the record it seals.</summary>
    public static byte[] CheckpointMessage(string instance, long sealedSeq, Digest sealedHash) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CheckpointDomain}|{instance}|{sealedSeq}|{sealedHash}"));
}
