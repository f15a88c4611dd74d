using System.Security.Cryptography;

namespace Splp.Gateway.ExchangeLog;

/// <summary>
/// The consumer's request body as the gateway reads it: SHA-256 and NIK scanning while it streams through,
/// never buffered.
/// </summary>
internal sealed class HashingReadStream(Stream inner, ExchangeSubjects.ByteScanner scanner) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _finished;

    public long Bytes { get; private set; }

    /// <summary>Whether the body was read to its end.</summary>
    public bool Complete { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Observe(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Observe(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..read]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The SHA-256 of the bytes read, lower-case hex.</summary>
    public string Finish()
    {
        if (!_finished)
        {
            _finished = true;
            scanner.End();
        }

        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Observe(ReadOnlySpan<byte> read)
    {
        if (read.IsEmpty)
        {
            Complete = true;
            return 0;
        }

        _hash.AppendData(read);
        scanner.Scan(read);
        Bytes += read.Length;
        return read.Length;
    }
}

/// <summary>
/// The response body as it goes to the consumer: SHA-256 and NIK scanning while it streams through; the first
/// bytes of a problem+json body are kept to read its <c>type</c>.
/// </summary>
internal sealed class HashingWriteStream(Stream inner, ExchangeSubjects.ByteScanner scanner, Func<bool> isProblem) : Stream
{
    private const int ProblemCaptureBytes = 4096;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[]? _problem;
    private int _problemLength;
    private bool _decided;

    public long Bytes { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Observe(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Observe(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>The SHA-256 of the bytes written, lower-case hex.</summary>
    public string Finish()
    {
        scanner.End();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    /// <summary>The <c>type</c> of a problem+json body, if the response was one.</summary>
    public string? ProblemType()
    {
        if (_problem is null || _problemLength == 0)
        {
            return null;
        }

        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(_problem.AsSpan(0, _problemLength), isFinalBlock: false, state: default);
            var depth = 0;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case System.Text.Json.JsonTokenType.StartObject or System.Text.Json.JsonTokenType.StartArray:
                        depth++;
                        break;
                    case System.Text.Json.JsonTokenType.EndObject or System.Text.Json.JsonTokenType.EndArray:
                        depth--;
                        break;
                    case System.Text.Json.JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("type"u8):
                        return reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.String ? Bounded(reader.GetString()) : null;
                    default:
                        break;
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // A truncated or malformed problem body: no type.
        }

        return null;

        static string? Bounded(string? type) => type is { Length: <= 200 } ? type : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> written)
    {
        if (!_decided)
        {
            _decided = true;
            if (isProblem())
            {
                _problem = new byte[ProblemCaptureBytes];
            }
        }

        if (_problem is not null && _problemLength < ProblemCaptureBytes)
        {
            var take = Math.Min(written.Length, ProblemCaptureBytes - _problemLength);
            written[..take].CopyTo(_problem.AsSpan(_problemLength));
            _problemLength += take;
        }

        _hash.AppendData(written);
        scanner.Scan(written);
        Bytes += written.Length;
    }
}
