using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Splp.ExchangeLog;

/// <summary>Where and how a <see cref="ChainWriter"/> writes.</summary>
public sealed class ChainWriterSettings
{
    /// <summary>The log directory.</summary>
    public required string Directory { get; init; }

    /// <summary>The writer instance id (file names, checkpoints): one chain per instance.</summary>
    public required string Instance { get; init; }

    /// <summary>A file is closed (after a checkpoint) before it would grow past this size.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Files also rotate when the local day changes in this zone.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;
}

/// <summary>What <see cref="ChainWriter.Open"/> found.</summary>
/// <param name="LastSeq">The sequence number of the last good record (0 for a new chain).</param>
/// <param name="TornFile">The file whose incomplete tail was cut off, if any.</param>
/// <param name="TornBytes">How many bytes were cut off.</param>
/// <param name="TornSha256">SHA-256 of the bytes cut off (kept in the start record, so the cut is attributable).</param>
/// <param name="PreviousClean">Whether the previous run ended with its shutdown checkpoint.</param>
public sealed record ChainRecovery(long LastSeq, string? TornFile, long TornBytes, string? TornSha256, bool PreviousClean);

/// <summary>
/// Appends records to one instance's hash chain: one writer per chain (a lock file keeps a second one out),
/// not thread-safe (one background writer calls it). Writes go to the OS on <see cref="Flush"/> and to the disk
/// on <c>Flush(durable: true)</c>; checkpoints, rotation and disposal are always durable.
/// </summary>
public sealed class ChainWriter : IDisposable
{
    /// <summary>The reason of the checkpoint that ends a clean run.</summary>
    public const string ShutdownReason = "shutdown";

    private const int FileBufferBytes = 64 * 1024;
    private const int TailWindowBytes = 1024 * 1024;
    private readonly ChainWriterSettings _settings;
    private readonly ECDsa _key;
    private readonly string _keyId;
    private readonly IncrementalHash _hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private FileStream? _lock;
    private FileStream? _file;
    private long _fileBytes;
    private DateOnly _fileDay;

    /// <summary>Creates a writer; call <see cref="Open"/> before appending.</summary>
    public ChainWriter(ChainWriterSettings settings, ECDsa signingKey)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(signingKey);
        if (!LogFormat.InstancePattern().IsMatch(settings.Instance))
        {
            throw new ArgumentException("The instance id must be 1-64 letters, digits, '-' or '_'.", nameof(settings));
        }

        _settings = settings;
        _key = signingKey;
        _keyId = LogSigningKey.KeyId(signingKey);
    }

    /// <summary>The last record's sequence number.</summary>
    public long LastSeq { get; private set; }

    /// <summary>The last record's hash.</summary>
    public Digest LastHash { get; private set; }

    /// <summary>Records appended since the last checkpoint.</summary>
    public long SinceCheckpoint { get; private set; }

    /// <summary>The file being written, if one is open.</summary>
    public string? CurrentFile { get; private set; }

    /// <summary>Checkpoints written by this writer.</summary>
    public long Checkpoints { get; private set; }

    /// <summary>
    /// Takes the chain's lock, finds its last good record and cuts off an incomplete tail (a write torn by a
    /// crash), so that the chain continues from the last good record.
    /// </summary>
    public ChainRecovery Open()
    {
        System.IO.Directory.CreateDirectory(_settings.Directory);
        try
        {
            _lock = new FileStream(Path.Combine(_settings.Directory, LogFormat.LockFileName(_settings.Instance)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"Another writer holds the exchange log of instance '{_settings.Instance}' in '{_settings.Directory}'; give each replica its own instance id.", e);
        }

        LogFormat.FilesByInstance(_settings.Directory).TryGetValue(_settings.Instance, out var files);
        if (files is null or { Count: 0 })
        {
            LastSeq = 0;
            LastHash = Digest.Genesis;
            return new ChainRecovery(0, null, 0, null, PreviousClean: true);
        }

        string? tornFile = null;
        long tornBytes = 0;
        string? tornSha = null;
        LastGood? good = null;
        for (var i = files.Count - 1; i >= 0 && good is null; i--)
        {
            var found = FindLastGood(files[i]);
            var length = new FileInfo(files[i]).Length;
            if (i == files.Count - 1 && length > found.End)
            {
                tornFile = Path.GetFileName(files[i]);
                tornBytes = length - found.End;
                using (var stream = new FileStream(files[i], FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
                {
                    stream.Position = found.End;
                    var torn = new byte[tornBytes];
                    stream.ReadExactly(torn);
                    tornSha = Convert.ToHexStringLower(SHA256.HashData(torn));
                    stream.SetLength(found.End);
                    stream.Flush(flushToDisk: true);
                }
            }

            good = found.Seq > 0 ? found : null;
        }

        LastSeq = good?.Seq ?? 0;
        LastHash = good?.Hash ?? Digest.Genesis;
        if (new FileInfo(files[^1]).Length > 0)
        {
            OpenFile(files[^1], append: true);
        }
        else
        {
            // Nothing of it survived: its name (first sequence number) will be taken again by the next file.
            File.Delete(files[^1]);
        }

        return new ChainRecovery(LastSeq, tornFile, tornBytes, tornSha, good is { Kind: RecordKind.Checkpoint, Reason: ShutdownReason });
    }

    /// <summary>Appends a record of <paramref name="type"/> with <paramref name="fields"/> (JSON members without braces, may be empty).</summary>
    /// <returns>The record's sequence number.</returns>
    public long Append(string type, DateTimeOffset time, ReadOnlySpan<byte> fields)
    {
        var day = LocalDay(time);
        var estimate = fields.Length + 256;
        if (_file is not null && (day != _fileDay || (_fileBytes > 0 && _fileBytes + estimate > _settings.MaxFileBytes)))
        {
            Rotate(time);
        }

        if (_file is null)
        {
            var path = Path.Combine(_settings.Directory, LogFormat.FileName(_settings.Instance, day, LastSeq + 1));
            OpenFile(path, append: false);
            _fileDay = day;
        }

        return AppendCore(type, time, fields);
    }

    /// <summary>
    /// Appends a checkpoint sealing the last record (its sequence and hash, signed), makes the file durable
    /// and replaces the head file with a copy. Does nothing when no record was appended since the last one, unless
    /// <paramref name="reason"/> is <see cref="ShutdownReason"/>: a clean run always ends with one.
    /// </summary>
    public CheckpointFields? Checkpoint(string reason, DateTimeOffset time)
    {
        if (_file is null || (SinceCheckpoint == 0 && reason != ShutdownReason))
        {
            return null;
        }

        var sealedSeq = LastSeq;
        var sealedHash = LastHash;
        var signature = LogSigningKey.Sign(_key, _settings.Instance, sealedSeq, sealedHash);
        var fields = new ArrayBufferWriter<byte>(512);
        using (var json = new System.Text.Json.Utf8JsonWriter(fields))
        {
            json.WriteStartObject();
            json.WriteString("instance", _settings.Instance);
            json.WriteNumber("sealedSeq", sealedSeq);
            json.WriteString("sealedHash", sealedHash.ToString());
            json.WriteString("keyId", _keyId);
            json.WriteString("sig", signature);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        }

        AppendCore(LogFormat.CheckpointType, time, fields.WrittenSpan[1..^1]);
        var checkpointLine = _line.WrittenSpan[..^1].ToArray();
        SinceCheckpoint = 0;
        Checkpoints++;
        Flush(durable: true);
        WriteHead(checkpointLine);
        return new CheckpointFields(_settings.Instance, sealedSeq, sealedHash, _keyId, signature, reason);
    }

    /// <summary>
    /// The open file's handle after handing buffered records to the OS, for an fsync on another thread
    /// (<see cref="RandomAccess.FlushToDisk"/>) while this writer goes on appending; null when no file is open.
    /// </summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle? HandleForSync()
    {
        _file?.Flush(flushToDisk: false);
        return _file?.SafeFileHandle;
    }

    /// <summary>Hands buffered records to the OS; with <paramref name="durable"/>, also to the disk (fsync).</summary>
    public void Flush(bool durable)
    {
        _file?.Flush(flushToDisk: durable);
    }

    /// <summary>Closes the file and releases the lock (no checkpoint: call <see cref="Checkpoint"/> first).</summary>
    public void Dispose()
    {
        if (_file is not null)
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            _file = null;
        }

        _lock?.Dispose();
        _lock = null;
        _hasher.Dispose();
    }

    private long AppendCore(string type, DateTimeOffset time, ReadOnlySpan<byte> fields)
    {
        var seq = LastSeq + 1;
        _line.ResetWrittenCount();
        Write("{\"seq\":"u8);
        WriteNumber(seq);
        Write(",\"prev\":\""u8);
        WriteHex(LastHash);
        Write("\",\"type\":\""u8);
        WriteAscii(type);
        Write("\",\"time\":\""u8);
        var span = _line.GetSpan(40);
        if (!time.TryFormat(span, out var written, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("Time did not format.");
        }

        _line.Advance(written);
        Write("\""u8);
        if (!fields.IsEmpty)
        {
            Write(","u8);
            Write(fields);
        }

        var hash = LogFormat.ComputeHash(_hasher, LastHash, _line.WrittenSpan);
        Write(",\"hash\":\""u8);
        WriteHex(hash);
        Write("\"}\n"u8);
        _file!.Write(_line.WrittenSpan);
        _fileBytes += _line.WrittenCount;
        LastSeq = seq;
        LastHash = hash;
        SinceCheckpoint++;
        return seq;
    }

    private void Rotate(DateTimeOffset time)
    {
        Checkpoint("rotate", time);
        _file!.Flush(flushToDisk: true);
        _file.Dispose();
        _file = null;
        CurrentFile = null;
    }

    private void OpenFile(string path, bool append)
    {
        _file = new FileStream(path, append ? FileMode.Append : FileMode.CreateNew, FileAccess.Write, FileShare.Read, FileBufferBytes);
        _fileBytes = _file.Length;
        CurrentFile = path;
        if (append && LogFormat.TryParseFileName(Path.GetFileName(path), out _, out var day, out _))
        {
            _fileDay = day;
        }
    }

    private void WriteHead(byte[] checkpointLine)
    {
        var head = Path.Combine(_settings.Directory, LogFormat.HeadFileName(_settings.Instance));
        var temp = head + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(checkpointLine);
            stream.Write("\n"u8);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, head, overwrite: true);
    }

    private DateOnly LocalDay(DateTimeOffset time) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time, _settings.TimeZone).DateTime);

    private void Write(ReadOnlySpan<byte> bytes) => _line.Write(bytes);

    private void WriteNumber(long value)
    {
        var span = _line.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _line.Advance(written);
    }

    private void WriteHex(Digest digest)
    {
        Span<byte> raw = stackalloc byte[32];
        digest.WriteBytes(raw);
        var span = _line.GetSpan(64);
        for (var i = 0; i < 32; i++)
        {
            span[2 * i] = HexDigit(raw[i] >> 4);
            span[(2 * i) + 1] = HexDigit(raw[i] & 0xF);
        }

        _line.Advance(64);
    }

    private void WriteAscii(string value)
    {
        var span = _line.GetSpan(value.Length);
        var written = Encoding.ASCII.GetBytes(value, span);
        _line.Advance(written);
    }

    private static byte HexDigit(int v) => (byte)(v < 10 ? '0' + v : 'a' + v - 10);

    private static LastGood FindLastGood(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        var start = Math.Max(0, length - TailWindowBytes);
        stream.Position = start;
        var buffer = new byte[length - start];
        stream.ReadExactly(buffer);
        // Walk back over '\n'-terminated lines; the first (from the end) that verifies is the last good record.
        var newline = Array.LastIndexOf(buffer, (byte)'\n', buffer.Length - 1);
        while (newline >= 0)
        {
            var previous = newline == 0 ? -1 : Array.LastIndexOf(buffer, (byte)'\n', newline - 1);
            if (previous < 0 && start > 0)
            {
                break;
            }

            var line = buffer.AsSpan(previous + 1, newline - previous - 1);
            if (LogFormat.TrySplit(line, out var canonical, out var declared)
                && RecordLine.TryReadHeader(canonical, out var seq, out var prev, out var kind)
                && LogFormat.ComputeHash(prev, canonical) == declared)
            {
                var reason = kind == RecordKind.Checkpoint ? CheckpointFields.TryParse(line)?.Reason : null;
                return new LastGood(seq, declared, start + newline + 1, kind, reason);
            }

            newline = previous;
        }

        return new LastGood(0, Digest.Genesis, start == 0 ? 0 : length, RecordKind.Other, null);
    }

    private sealed record LastGood(long Seq, Digest Hash, long End, RecordKind Kind, string? Reason);
}
