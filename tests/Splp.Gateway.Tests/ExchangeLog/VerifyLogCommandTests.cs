using System.Security.Cryptography;
using Splp.Cli;
using Splp.ExchangeLog;

namespace Splp.Gateway.Tests.ExchangeLog;

/// <summary><c>splp verify-log</c> on real logs, intact and tampered with in every way the issue names.</summary>
public sealed class VerifyLogCommandTests : IDisposable
{
    private readonly TestLog _log = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public void Dispose()
    {
        _log.Dispose();
        _out.Dispose();
        _err.Dispose();
    }

    [Fact]
    public void IntactLog_SeveralFilesAndCheckpoints_ExitsZero()
    {
        Assert.True(_log.Files.Count >= 3, "the test log should span several files");

        var exit = Verify();

        Assert.Equal(0, exit);
        Assert.Contains("OK: the log is intact.", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains("head checkpoint reached", _out.ToString(), StringComparison.Ordinal);
        var report = LogVerifier.Verify(_log.Directory, _log.Key);
        Assert.True(report.Ok);
        var instance = Assert.Single(report.Instances);
        Assert.Equal(0, instance.UnsealedRecords);
        Assert.Equal(_log.Files.Count, instance.Files);
    }

    [Fact]
    public void EditedField_IsReportedAsAlteredAtThatRecord()
    {
        var lines = _log.Lines(1);
        var at = lines.FindIndex(l => !TestLog.IsCheckpoint(l) && TestLog.Seq(l) > TestLog.Seq(lines[0]));
        lines[at] = lines[at].Replace("\"status\":200", "\"status\":404", StringComparison.Ordinal);
        _log.Write(1, lines);

        AssertTampered(TamperKind.Altered, _log.Files[1], at + 1, TestLog.Seq(lines[at]));
    }

    [Fact]
    public void DeletedLine_IsReportedAsRemovedAtTheRecordAfterTheGap()
    {
        var lines = _log.Lines(1);
        var at = lines.FindIndex(1, l => !TestLog.IsCheckpoint(l));
        var removedSeq = TestLog.Seq(lines[at]);
        lines.RemoveAt(at);
        _log.Write(1, lines);

        AssertTampered(TamperKind.Removed, _log.Files[1], at + 1, removedSeq);
    }

    [Fact]
    public void InsertedCopyOfAnotherRecord_IsReportedAsInserted()
    {
        var lines = _log.Lines(1);
        var at = 2;
        var copy = lines[at + 3];
        lines.Insert(at, copy);
        _log.Write(1, lines);

        AssertTampered(TamperKind.Inserted, _log.Files[1], at + 1, TestLog.Seq(copy));
    }

    [Fact]
    public void InsertedForgedLine_IsReportedAsInserted()
    {
        var lines = _log.Lines(1);
        var at = 2;
        lines.Insert(at, lines[at].Replace("\"status\":200", "\"status\":201", StringComparison.Ordinal));
        _log.Write(1, lines);

        AssertTampered(TamperKind.Inserted, _log.Files[1], at + 1, null);
    }

    [Fact]
    public void SwappedLines_AreReportedAsReordered()
    {
        var lines = _log.Lines(1);
        var at = lines.FindIndex(1, l => !TestLog.IsCheckpoint(l));
        (lines[at], lines[at + 1]) = (lines[at + 1], lines[at]);
        _log.Write(1, lines);

        AssertTampered(TamperKind.Reordered, _log.Files[1], at + 1, TestLog.Seq(lines[at]));
    }

    [Fact]
    public void TailCutPastACheckpoint_IsReportedAsRemoved_ThroughTheHeadCheckpoint()
    {
        var last = _log.Files.Count - 1;
        var lines = _log.Lines(last);
        var keep = lines.Count - 4;
        var firstCut = TestLog.Seq(lines[keep]);
        Assert.Contains(lines.Skip(keep), TestLog.IsCheckpoint);
        _log.Write(last, lines.Take(keep).ToList());

        AssertTampered(TamperKind.Removed, _log.Files[last], keep + 1, firstCut);
    }

    [Fact]
    public void RewrittenAndRechainedRecord_IsCaughtByTheNextSignedCheckpoint()
    {
        var lines = _log.Lines(1);
        var at = 1;
        lines[at] = lines[at].Replace("\"status\":200", "\"status\":500", StringComparison.Ordinal);
        _log.Write(1, lines);
        _log.Rechain(1, at);
        lines = _log.Lines(1);
        var checkpoint = lines.FindIndex(at, TestLog.IsCheckpoint);

        AssertTampered(TamperKind.Altered, _log.Files[1], checkpoint + 1, TestLog.Seq(lines[checkpoint]));
    }

    [Fact]
    public void CheckpointsResignedWithAnotherKey_AreReportedAsForged()
    {
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var lines = _log.Lines(1);
        var at = 1;
        lines[at] = lines[at].Replace("\"status\":200", "\"status\":500", StringComparison.Ordinal);
        _log.Write(1, lines);
        _log.Rechain(1, at, resignWith: attacker);
        lines = _log.Lines(1);
        var checkpoint = lines.FindIndex(at, TestLog.IsCheckpoint);

        AssertTampered(TamperKind.ForgedCheckpoint, _log.Files[1], checkpoint + 1, TestLog.Seq(lines[checkpoint]));
    }

    [Fact]
    public void DeletedFileInTheMiddle_IsReportedAsRemovedAtTheStartOfTheNextFile()
    {
        var files = _log.Files;
        var firstMissing = TestLog.Seq(_log.Lines(1)[0]);
        File.Delete(files[1]);

        AssertTampered(TamperKind.Removed, files[2], 1, firstMissing);
        Assert.Contains("whole file", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TornLastLine_IsANoteNotTampering_AndRecordsAfterTheCheckpointAreReportedUnsealed()
    {
        using (var writer = _log.Writer(maxFileBytes: 1 << 20))
        {
            writer.Open();
            for (var i = 0; i < 3; i++)
            {
                writer.Append(LogFormat.ExchangeType, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), "\"n\":0"u8);
            }
        }

        var last = _log.Files[^1];
        File.AppendAllText(last, "{\"seq\":999,\"prev\":\"00");

        var exit = Verify();

        Assert.Equal(0, exit);
        Assert.True(_out.ToString().Contains("unsealed tail: 3 record(s)", StringComparison.Ordinal), _out.ToString());
        Assert.Contains("incomplete last line", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WrongPublicKey_ReportsForgedCheckpoint()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherPath = _log.PublicKeyPath + ".other";
        File.WriteAllText(otherPath, LogSigningKey.ExportPublicPem(other));
        try
        {
            var exit = Run("verify-log", _log.Directory, "--public-key", otherPath);

            Assert.Equal(SplpCommand.ProblemsFound, exit);
            Assert.Contains("TAMPERED: forged checkpoint", _out.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(otherPath);
        }
    }

    [Fact]
    public void UnreadableInput_ExitsTwo()
    {
        Assert.Equal(SplpCommand.UsageError, Run("verify-log", _log.Directory, "--public-key", _log.Directory + "/nope.pem"));
        Assert.Equal(SplpCommand.UsageError, Run("verify-log", _log.Directory + "/missing", "--public-key", _log.PublicKeyPath));
        var empty = System.IO.Directory.CreateTempSubdirectory("splp-xlog-empty-").FullName;
        try
        {
            Assert.Equal(SplpCommand.UsageError, Run("verify-log", empty, "--public-key", _log.PublicKeyPath));
        }
        finally
        {
            System.IO.Directory.Delete(empty);
        }
    }

    [Fact]
    public void LogPublicKey_PrintsThePublicHalfOfTheSigningKey()
    {
        var exit = Run("log-public-key", "--signing-key", _log.KeyPath);

        Assert.Equal(0, exit);
        Assert.Equal(File.ReadAllText(_log.PublicKeyPath).Trim(), _out.ToString().Trim());
        Assert.DoesNotContain("PRIVATE", _out.ToString(), StringComparison.Ordinal);
    }

    private int Verify() => Run("verify-log", _log.Directory, "--public-key", _log.PublicKeyPath);

    private void AssertTampered(TamperKind kind, string file, long line, long? seq)
    {
        var exit = Verify();
        var report = LogVerifier.Verify(_log.Directory, _log.Key);

        Assert.Equal(SplpCommand.ProblemsFound, exit);
        var issue = report.Issue;
        Assert.NotNull(issue);
        Assert.Equal((kind, Path.GetFileName(file), line), (issue.Kind, issue.File, issue.Line));
        if (seq is not null)
        {
            Assert.Equal(seq, issue.Seq);
        }

        Assert.Contains($"TAMPERED: ", _out.ToString(), StringComparison.Ordinal);
        Assert.Contains($"{Path.GetFileName(file)} line {line}", _out.ToString(), StringComparison.Ordinal);
    }

    private int Run(params string[] args) => SplpCommand.Create(_out, _err).Parse(args).Invoke();
}
