using System.Buffers;

namespace Splp.Gateway.Validation;

/// <summary>
/// A response body stream that holds back up to a limit so the body can be validated before release;
/// past the limit it gives up holding back and streams everything (held bytes first) to the real body.
/// </summary>
internal sealed class CapturingStream(Stream inner, long limit) : Stream
{
    private readonly ArrayBufferWriter<byte> _held = new(4096);

    /// <summary>Whether the body grew past the limit and was streamed through.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The held-back body (when not overflowed).</summary>
    public ReadOnlyMemory<byte> Captured => _held.WrittenMemory;

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

        Overflowed = true;
        await inner.WriteAsync(_held.WrittenMemory, cancellationToken);
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
