namespace Splp.Gateway.Caching;

/// <summary>
/// Holds a response body back while it may still be cached (up to a limit); past the limit it sends what it holds
/// and passes the rest straight through, uncached. Holding back is what lets a failed upstream exchange be replaced
/// by a stale entry before anything reached the consumer.
/// </summary>
internal sealed class CaptureStream(Stream inner, int limit) : Stream
{
    private MemoryStream? _buffer = new();

    /// <summary>Whether the body outgrew the limit and went straight through.</summary>
    public bool Overflowed => _buffer is null;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>The held-back body.</summary>
    public byte[] ToArray() => _buffer?.ToArray() ?? [];

    /// <summary>Sends the held-back body on.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_buffer is { Length: > 0 })
        {
            _buffer.Position = 0;
            await _buffer.CopyToAsync(inner, cancellationToken);
        }

        _buffer = null;
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_buffer is not null)
        {
            if (_buffer.Length + buffer.Length <= limit)
            {
                _buffer.Write(buffer.Span);
                return;
            }

            await ReleaseAsync(cancellationToken);
        }

        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush()
    {
        if (_buffer is null)
        {
            inner.Flush();
        }
    }

    // Flushes while holding back are ignored: flushing would start the response.
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _buffer is null ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
