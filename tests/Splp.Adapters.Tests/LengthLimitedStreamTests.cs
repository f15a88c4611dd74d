namespace Splp.Adapters.Tests;

public sealed class LengthLimitedStreamTests
{
    [Fact]
    public async Task ReadAsync_WithinLimit_ReturnsAllBytes()
    {
        await using var stream = new LengthLimitedStream(new MemoryStream(new byte[100]), 100);
        using var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(100, copy.Length);
        Assert.Equal(100, stream.BytesRead);
    }

    [Fact]
    public async Task ReadAsync_PastLimit_ThrowsWithLimit()
    {
        await using var stream = new LengthLimitedStream(new MemoryStream(new byte[101]), 100);

        var ex = await Assert.ThrowsAsync<UpstreamBodyTooLargeException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(100, ex.LimitBytes);
    }
}
