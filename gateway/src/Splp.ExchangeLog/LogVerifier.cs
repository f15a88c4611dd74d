using System.Security.Cryptography;

namespace Splp.ExchangeLog;

/// <summary>What kind of tampering a verification found.</summary>
public enum TamperKind
{
    /// <summary>A record's bytes do not match its hash, it is not a well-formed record, or it does not link to its predecessor.</summary>
    Altered,

    /// <summary>Records are missing: a sequence gap, a missing file, or a tail cut before the latest signed checkpoint.</summary>
    Removed,

    /// <summary>A line that is not part of the chain sits between two records that link to each other.</summary>
    Inserted,

    /// <summary>Records of the chain appear out of order.</summary>
    Reordered,

    /// <summary>A checkpoint whose signature does not verify with the given public key.</summary>
    ForgedCheckpoint,
}

/// <summary>The first problem found.</summary>
/// <param name="Kind">What was done to the log.</param>
/// <param name="File">The file name.</param>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Seq">The sequence number concerned, when known.</param>
/// <param name="Message">A sentence for people.</param>
public sealed record LogIssue(TamperKind Kind, string File, long Line, long? Seq, string Message);

/// <summary>One instance's chain, as verified.</summary>
public sealed class InstanceReport
{
    /// <summary>The writer instance.</summary>
    public required string Instance { get; init; }

    /// <summary>Files read.</summary>
    public int Files { get; set; }

    /// <summary>Records verified (checkpoints included).</summary>
    public long Records { get; set; }

    /// <summary>Checkpoints whose signatures verified.</summary>
    public long Checkpoints { get; set; }

    /// <summary>The first and last sequence numbers verified.</summary>
    public long FirstSeq { get; set; }

    /// <summary>The last sequence number verified.</summary>
    public long LastSeq { get; set; }

    /// <summary>The sequence number of the last signed checkpoint record (0: none).</summary>
    public long LastCheckpointSeq { get; set; }

    /// <summary>Records after the last checkpoint: their integrity is checked, but their removal could not be detected.</summary>
    public long UnsealedRecords => LastSeq - LastCheckpointSeq;

    /// <summary>Whether the head file (latest signed checkpoint) was present and the chain reaches it.</summary>
    public bool HeadChecked { get; set; }

    /// <summary>Things worth knowing that are not tampering (a torn last line, no head file).</summary>
    public List<string> Warnings { get; } = [];
}

/// <summary>The result of a verification.</summary>
/// <param name="Instances">Every chain read.</param>
/// <param name="Issue">The first tampering found, or null.</param>
/// <param name="Bytes">Bytes read.</param>
public sealed record VerifyReport(IReadOnlyList<InstanceReport> Instances, LogIssue? Issue, long Bytes)
{
    /// <summary>Whether no tampering was found.</summary>
    public bool Ok => Issue is null;
}

/// <summary>
/// Verifies exchange logs offline with only the gateway's public key: every record's hash, every link, sequence
/// continuity across files, every checkpoint signature and the head checkpoint; reports the first altered,
/// removed, inserted or reordered record.
/// </summary>
public static class LogVerifier
{
    /// <summary>Verifies a log directory (every instance in it) or a single log file.</summary>
    /// <exception cref="IOException">The path cannot be read.</exception>
    /// <exception cref="FileNotFoundException">There is no log at the path.</exception>
    public static VerifyReport Verify(string path, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(publicKey);
        var keyId = LogSigningKey.KeyId(publicKey);
        var reports = new List<InstanceReport>();
        long bytes = 0;
        if (File.Exists(path))
        {
            var name = Path.GetFileName(path);
            var instance = LogFormat.TryParseFileName(name, out var i, out _, out _) ? i : name;
            var report = new InstanceReport { Instance = instance };
            reports.Add(report);
            report.Warnings.Add("a single file: its link to the file before it and the head checkpoint are not checked");
            var issue = VerifyChain([path], null, publicKey, keyId, report, singleFile: true, ref bytes);
            return new VerifyReport(reports, issue, bytes);
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"No exchange log at '{path}'.", path);
        }

        var byInstance = LogFormat.FilesByInstance(path);
        if (byInstance.Count == 0)
        {
            throw new FileNotFoundException($"No exchange log files (exchanges.<instance>.<day>.<seq>.jsonl) in '{path}'.", path);
        }

        foreach (var (instance, files) in byInstance)
        {
            var report = new InstanceReport { Instance = instance };
            reports.Add(report);
            var head = Path.Combine(path, LogFormat.HeadFileName(instance));
            var issue = VerifyChain(files, File.Exists(head) ? head : null, publicKey, keyId, report, singleFile: false, ref bytes);
            if (issue is not null)
            {
                return new VerifyReport(reports, issue, bytes);
            }
        }

        return new VerifyReport(reports, null, bytes);
    }

    private static LogIssue? VerifyChain(List<string> files, string? headPath, ECDsa publicKey, string keyId, InstanceReport report, bool singleFile, ref long bytes)
    {
        using var cursor = new EntryCursor(files);
        var expectedSeq = 1L;
        var expectedPrev = Digest.Genesis;
        Entry? lastGood = null;
        var checkpointHashes = new Dictionary<long, Digest>();
        report.Files = files.Count;
        try
        {
            while (cursor.Next() is { } cur)
            {
                if (cur.Torn)
                {
                    report.Warnings.Add($"{cur.File} line {cur.Line}: an incomplete last line ({cur.Length} bytes without a newline), as a crash mid-write leaves; the gateway cuts it off and notes it in a start record when it restarts");
                    continue;
                }

                if (lastGood is null && singleFile && cur.Valid)
                {
                    expectedSeq = cur.Seq;
                    expectedPrev = cur.Prev;
                }

                bool Continues(Entry? e) => e is { Valid: true, Torn: false } && e.Seq == expectedSeq && e.Prev == expectedPrev;

                if (!cur.Valid)
                {
                    return Continues(cursor.Peek())
                        ? Issue(TamperKind.Inserted, cur, null, "a line that is not a record of the chain sits between two records that link to each other")
                        : Issue(TamperKind.Altered, cur, expectedSeq, cur.Seq > 0
                            ? $"the record's content does not match its hash (expected seq {expectedSeq})"
                            : $"not a well-formed record (expected seq {expectedSeq})");
                }

                if (cur.Seq == expectedSeq && cur.Prev == expectedPrev)
                {
                    if (cur.Kind == RecordKind.Checkpoint)
                    {
                        var fields = CheckpointFields.TryParse(cur.Bytes!);
                        if (fields is null)
                        {
                            return Issue(TamperKind.Altered, cur, cur.Seq, "a checkpoint record without its signed members");
                        }

                        if (fields.KeyId != keyId || !fields.IsSignedBy(publicKey) || fields.Instance != report.Instance && !singleFile)
                        {
                            return Issue(TamperKind.ForgedCheckpoint, cur, cur.Seq, fields.KeyId != keyId
                                ? $"the checkpoint names key {fields.KeyId}, not the given public key {keyId}"
                                : "the checkpoint's signature does not verify with the given public key");
                        }

                        if (fields.SealedSeq != cur.Seq - 1 || fields.SealedHash != expectedPrev)
                        {
                            return Issue(TamperKind.Altered, cur, cur.Seq,
                                $"the signed checkpoint seals seq {fields.SealedSeq} with hash {fields.SealedHash}, but the chain before it has {expectedPrev}: records since the previous checkpoint (seq {report.LastCheckpointSeq}) were rewritten");
                        }

                        report.Checkpoints++;
                        report.LastCheckpointSeq = cur.Seq;
                        checkpointHashes[cur.Seq] = cur.Hash;
                    }

                    if (report.Records == 0)
                    {
                        report.FirstSeq = cur.Seq;
                    }

                    report.Records++;
                    report.LastSeq = cur.Seq;
                    expectedPrev = cur.Hash;
                    expectedSeq = cur.Seq + 1;
                    lastGood = cur;
                    continue;
                }

                if (lastGood is not null && cur.Seq == lastGood.Seq && cur.Prev == lastGood.Prev)
                {
                    // Two records claim the same place: the one the next record links to belongs to the chain.
                    var next = cursor.Peek();
                    return next is { Valid: true } && next.Prev == cur.Hash
                        ? Issue(TamperKind.Inserted, lastGood, lastGood.Seq, "a record that claims the place of the record after it, which the chain continues from")
                        : Issue(TamperKind.Inserted, cur, cur.Seq, $"a second record with seq {cur.Seq} linking to the same predecessor");
                }

                if (cur.Seq > expectedSeq)
                {
                    if (Continues(cursor.Peek()))
                    {
                        var later = cursor.ScanRest(e => e.Valid && e.Seq == cur.Seq);
                        return later is not null
                            ? Issue(TamperKind.Inserted, cur, cur.Seq, $"a copy of record seq {cur.Seq} (which is at {later.File} line {later.Line}) sits between seq {expectedSeq - 1} and seq {expectedSeq}")
                            : Issue(TamperKind.Reordered, cur, cur.Seq, $"seq {cur.Seq} appears before seq {expectedSeq}");
                    }

                    var missing = cursor.ScanRest(e => e.Valid && e.Seq >= expectedSeq && e.Seq < cur.Seq);
                    if (missing is not null)
                    {
                        return Issue(TamperKind.Reordered, cur, cur.Seq, $"seq {cur.Seq} appears where seq {expectedSeq} belongs; seq {missing.Seq} is later, at {missing.File} line {missing.Line}");
                    }

                    var where = lastGood is not null && lastGood.File != cur.File && cur.Line == 1
                        ? $" (at the start of {cur.File}, after {lastGood.File}: a whole file may have been deleted)"
                        : string.Empty;
                    return Issue(TamperKind.Removed, cur, expectedSeq, $"records seq {expectedSeq}..{cur.Seq - 1} are missing before this record{where}");
                }

                if (cur.Seq < expectedSeq)
                {
                    return Continues(cursor.Peek())
                        ? Issue(TamperKind.Inserted, cur, cur.Seq, $"a copy of earlier record seq {cur.Seq} sits between seq {expectedSeq - 1} and seq {expectedSeq}")
                        : Issue(TamperKind.Reordered, cur, cur.Seq, $"seq {cur.Seq} appears after seq {expectedSeq - 1}");
                }

                return Continues(cursor.Peek())
                    ? Issue(TamperKind.Inserted, cur, cur.Seq, "a record that does not link to its predecessor sits between two records that link to each other")
                    : Issue(TamperKind.Altered, cur, cur.Seq, "the record does not link to the record before it: it or its predecessor was rewritten");
            }
        }
        finally
        {
            bytes += cursor.Bytes;
        }

        if (singleFile)
        {
            return null;
        }

        if (report.Records > 0 && expectedPrev == Digest.Genesis)
        {
            return null;
        }

        if (headPath is null)
        {
            report.Warnings.Add("no head checkpoint file: a cut of the tail could not be detected");
            return null;
        }

        var headName = Path.GetFileName(headPath);
        var headLine = File.ReadAllBytes(headPath).AsSpan().TrimEnd((byte)'\n');
        if (!LogFormat.TrySplit(headLine, out var canonical, out var headHash)
            || !RecordLine.TryReadHeader(canonical, out var headSeq, out var headPrev, out var headKind)
            || headKind != RecordKind.Checkpoint || LogFormat.ComputeHash(headPrev, canonical) != headHash
            || CheckpointFields.TryParse(headLine) is not { } head)
        {
            return new LogIssue(TamperKind.Altered, headName, 1, null, "the head file does not hold a well-formed checkpoint record");
        }

        if (head.KeyId != keyId || !head.IsSignedBy(publicKey) || head.Instance != report.Instance)
        {
            return new LogIssue(TamperKind.ForgedCheckpoint, headName, 1, headSeq, "the head checkpoint's signature does not verify with the given public key");
        }

        if (headSeq > report.LastSeq)
        {
            return new LogIssue(TamperKind.Removed, Path.GetFileName(files[^1]), cursor.LastLine + 1, report.LastSeq + 1,
                $"the log ends at seq {report.LastSeq}, but the latest signed checkpoint (head file) is seq {headSeq}: records seq {report.LastSeq + 1}..{headSeq} at least were cut from the tail");
        }

        if (!checkpointHashes.TryGetValue(headSeq, out var seen) || seen != headHash)
        {
            return new LogIssue(TamperKind.Altered, headName, 1, headSeq, $"the head checkpoint (seq {headSeq}) is not the checkpoint record the log holds at that seq");
        }

        report.HeadChecked = true;
        return null;
    }

    private static LogIssue Issue(TamperKind kind, Entry at, long? seq, string message) => new(kind, at.File, at.Line, seq, message);

    /// <summary>One line, parsed and checked against its own hash.</summary>
    private sealed record Entry(string File, long Line, bool Valid, bool Torn, long Seq, Digest Prev, Digest Hash, RecordKind Kind, byte[]? Bytes, int Length);

    /// <summary>Reads every line of a chain's files in order, with one line of look-ahead.</summary>
    private sealed class EntryCursor : IDisposable
    {
        private readonly List<string> _files;
        private readonly IncrementalHash _hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _buffer = new byte[1 << 20];
        private int _fileIndex = -1;
        private FileStream? _stream;
        private int _start;
        private int _end;
        private bool _eof = true;
        private long _line;
        private Entry? _peeked;

        public EntryCursor(List<string> files) => _files = files;

        public long Bytes { get; private set; }

        public long LastLine { get; private set; }

        public Entry? Next()
        {
            if (_peeked is not null)
            {
                var p = _peeked;
                _peeked = null;
                LastLine = p.Line;
                return p;
            }

            var e = Read();
            if (e is not null)
            {
                LastLine = e.Line;
            }

            return e;
        }

        public Entry? Peek() => _peeked ??= Read();

        public Entry? ScanRest(Func<Entry, bool> match)
        {
            while (Next() is { } e)
            {
                if (match(e))
                {
                    return e;
                }
            }

            return null;
        }

        public void Dispose()
        {
            _stream?.Dispose();
            _hasher.Dispose();
        }

        private Entry? Read()
        {
            while (true)
            {
                if (_eof && _start >= _end)
                {
                    if (!OpenNextFile())
                    {
                        return null;
                    }

                    continue;
                }

                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (newline < 0 && !_eof)
                {
                    Fill();
                    continue;
                }

                _line++;
                var file = Path.GetFileName(_stream!.Name);
                if (newline < 0)
                {
                    // The file's last line has no newline: torn if this is the last file, else a damaged record.
                    var rest = _buffer.AsSpan(_start, _end - _start);
                    _start = _end;
                    var lastFile = _fileIndex == _files.Count - 1;
                    return lastFile ? new Entry(file, _line, false, true, -1, default, default, RecordKind.Other, null, rest.Length) : Parse(file, rest);
                }

                var line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                return Parse(file, line);
            }
        }

        private Entry Parse(string file, ReadOnlySpan<byte> line)
        {
            if (!LogFormat.TrySplit(line, out var canonical, out var declared)
                || !RecordLine.TryReadHeader(canonical, out var seq, out var prev, out var kind))
            {
                return new Entry(file, _line, false, false, -1, default, default, RecordKind.Other, null, line.Length);
            }

            var valid = LogFormat.ComputeHash(_hasher, prev, canonical) == declared;
            return new Entry(file, _line, valid, false, seq, prev, declared, kind, kind == RecordKind.Checkpoint ? line.ToArray() : null, line.Length);
        }

        private bool OpenNextFile()
        {
            _stream?.Dispose();
            _stream = null;
            if (++_fileIndex >= _files.Count)
            {
                return false;
            }

            _stream = new FileStream(_files[_fileIndex], FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            _start = _end = 0;
            _eof = false;
            _line = 0;
            return true;
        }

        private void Fill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = _stream!.Read(_buffer, _end, _buffer.Length - _end);
            Bytes += read;
            _end += read;
            _eof = read == 0;
        }
    }
}
