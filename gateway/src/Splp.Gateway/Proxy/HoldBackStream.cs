using System.Buffers;

namespace Splp.Gateway.Proxy;

/// <summary>
/// A response body stream that holds the body back, up to a limit, so a later step can look at it before
/// release (contract validation, the response cache); past the limit it gives up holding back and streams
/// everything, held bytes first, to the real body. Flushes while holding back are ignored: flushing would
/// start the response.
/// </summary>
internal sealed class HoldBackStream(Stream inner, long limit) : Stream
{
    private readonly ArrayBufferWriter<byte> _held = new(4096);

    /// <summary>Whether the body grew past the limit (or was released) and now streams through.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The held-back body (when not overflowed).</summary>
    public ReadOnlyMemory<byte> Captured => Overflowed ? ReadOnlyMemory<byte>.Empty : _held.WrittenMemory;

    /// <summary>Writes the held-back bytes to the real body and streams whatever follows.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Overflowed)
        {
            return;
        }

        Overflowed = true;
        if (_held.WrittenCount > 0)
        {
            await inner.WriteAsync(_held.WrittenMemory, cancellationToken);
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Overflowed)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        if (_held.WrittenCount + buffer.Length <= limit)
        {
            _held.Write(buffer.Span);
            return;
        }

        await ReleaseAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        Overflowed ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush()
    {
        if (Overflowed)
        {
            inner.Flush();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
