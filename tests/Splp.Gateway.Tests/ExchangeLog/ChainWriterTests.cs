using System.Text;
using Splp.ExchangeLog;

namespace Splp.Gateway.Tests.ExchangeLog;

/// <summary>The chain writer's recovery after a crash, rotation by day, and the one-writer lock.</summary>
public sealed class ChainWriterTests : IDisposable
{
    private readonly TestLog _log = new(records: 20, checkpointEvery: 10, maxFileBytes: 1 << 20);

    public void Dispose() => _log.Dispose();

    [Fact]
    public void Open_AfterATornWrite_CutsTheTornBytes_ReportsThem_AndTheChainContinuesVerifiably()
    {
        var file = _log.Files[^1];
        var goodLength = new FileInfo(file).Length;
        var lastSeq = TestLog.Seq(_log.Lines(0)[^1]);
        var torn = "{\"seq\":" + (lastSeq + 1) + ",\"prev\":\"ab";
        File.AppendAllText(file, torn);

        ChainRecovery recovery;
        using (var writer = _log.Writer(1 << 20))
        {
            recovery = writer.Open();
            writer.Append(LogFormat.StartType, new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), Encoding.UTF8.GetBytes($"\"tornBytes\":{recovery.TornBytes}"));
            writer.Append(LogFormat.ExchangeType, new DateTimeOffset(2026, 11, 23, 9, 30, 1, TimeSpan.Zero), "\"n\":21"u8);
            writer.Checkpoint("shutdown", new DateTimeOffset(2026, 11, 23, 9, 30, 2, TimeSpan.Zero));
        }

        Assert.Equal(Path.GetFileName(file), recovery.TornFile);
        Assert.Equal(Encoding.UTF8.GetByteCount(torn), recovery.TornBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(torn))), recovery.TornSha256);
        Assert.Equal(lastSeq, recovery.LastSeq);
        Assert.True(recovery.PreviousClean);
        var lines = _log.Lines(0);
        Assert.Equal(lastSeq + 1, TestLog.Seq(lines.Single(l => l.Contains("\"type\":\"start\"", StringComparison.Ordinal))));
        Assert.True(new FileInfo(file).Length > goodLength);
        var report = LogVerifier.Verify(_log.Directory, _log.Key);
        Assert.True(report.Ok, report.Issue?.Message);
        Assert.Equal(lastSeq + 3, report.Instances[0].LastSeq);
    }

    [Fact]
    public void Open_AfterACrashWithoutShutdownCheckpoint_SaysThePreviousRunWasNotClean()
    {
        using (var writer = _log.Writer(1 << 20))
        {
            writer.Open();
            writer.Append(LogFormat.ExchangeType, new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), "\"n\":21"u8);
        }

        using var again = _log.Writer(1 << 20);
        var recovery = again.Open();

        Assert.False(recovery.PreviousClean);
        Assert.Null(recovery.TornFile);
    }

    [Fact]
    public void Append_AcrossJakartaMidnight_RotatesAndTheNewFileLinksToThePrevious()
    {
        // 16:59:59Z is 23:59:59 in Jakarta (UTC+7); the next record is the next local day.
        using (var writer = _log.Writer(1 << 20))
        {
            writer.Open();
            writer.Append(LogFormat.ExchangeType, new DateTimeOffset(2026, 11, 23, 16, 59, 59, TimeSpan.Zero), "\"n\":21"u8);
            writer.Append(LogFormat.ExchangeType, new DateTimeOffset(2026, 11, 23, 17, 0, 0, TimeSpan.Zero), "\"n\":22"u8);
            writer.Checkpoint("shutdown", new DateTimeOffset(2026, 11, 23, 17, 0, 1, TimeSpan.Zero));
        }

        var files = _log.Files.Select(Path.GetFileName).ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(".20261123.", files[0], StringComparison.Ordinal);
        Assert.Contains(".20261124.", files[1], StringComparison.Ordinal);
        Assert.True(TestLog.IsCheckpoint(_log.Lines(0)[^1]), "the old file ends with the rotation checkpoint");
        Assert.True(LogVerifier.Verify(_log.Directory, _log.Key).Ok);
    }

    [Fact]
    public void Open_WhileAnotherWriterHoldsTheChain_Refuses()
    {
        using var first = _log.Writer();
        first.Open();
        using var second = _log.Writer();

        var error = Assert.Throws<InvalidOperationException>(() => second.Open());

        Assert.Contains("instance id", error.Message, StringComparison.Ordinal);
    }
}
