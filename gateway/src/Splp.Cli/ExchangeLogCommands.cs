using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Splp.ExchangeLog;

namespace Splp.Cli;

/// <summary><c>splp verify-log</c> and <c>splp log-public-key</c>.</summary>
internal static class ExchangeLogCommands
{
    /// <summary>The default signing key path of the gateway's embedded default.</summary>
    public static string DefaultSigningKeyPath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".splp", "exchange-log-key.pem");

    public static Command VerifyLog(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("path") { Description = "The log directory (every instance in it) or one log file." };
        var publicKey = new Option<string>("--public-key") { Description = "The gateway's exchange-log public key (PEM), from `splp log-public-key`.", Required = true };
        var command = new Command("verify-log", "Verify an exchange log offline: every hash link, sequence continuity across files, checkpoint signatures and the head checkpoint. Exit 0 intact, 1 tampered, 2 usage or unreadable.")
        {
            path, publicKey,
        };
        command.SetAction(parse =>
        {
            System.Security.Cryptography.ECDsa key;
            try
            {
                key = LogSigningKey.LoadPublic(parse.GetValue(publicKey)!);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                stderr.WriteLine($"Cannot read the public key: {e.Message}");
                return SplpCommand.UsageError;
            }

            using (key)
            {
                VerifyReport report;
                var watch = Stopwatch.StartNew();
                try
                {
                    report = LogVerifier.Verify(parse.GetValue(path)!, key);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"Cannot read the log: {e.Message}");
                    return SplpCommand.UsageError;
                }

                watch.Stop();
                foreach (var instance in report.Instances)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"instance {instance.Instance}: {instance.Records} records in {instance.Files} file(s), seq {instance.FirstSeq}..{instance.LastSeq}, {instance.Checkpoints} signed checkpoint(s){(instance.HeadChecked ? ", head checkpoint reached" : "")}"));
                    if (instance.UnsealedRecords > 0)
                    {
                        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  unsealed tail: {instance.UnsealedRecords} record(s) after the last checkpoint (seq {instance.LastCheckpointSeq + 1}..{instance.LastSeq}): each is intact and linked, but cutting them off would not be detectable"));
                    }

                    foreach (var warning in instance.Warnings)
                    {
                        stdout.WriteLine($"  note: {warning}");
                    }
                }

                var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-6);
                var records = report.Instances.Sum(i => i.Records);
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"read {report.Bytes} bytes in {watch.Elapsed.TotalSeconds:0.000} s ({records / seconds:0} records/s, {report.Bytes / seconds / 1e6:0.0} MB/s)"));
                if (report.Issue is { } issue)
                {
                    stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"TAMPERED: {Kind(issue.Kind)} at {issue.File} line {issue.Line}{(issue.Seq is { } s ? $" (seq {s})" : "")}: {issue.Message}"));
                    return SplpCommand.ProblemsFound;
                }

                stdout.WriteLine("OK: the log is intact.");
                return 0;
            }
        });
        return command;
    }

    public static Command LogPublicKey(TextWriter stdout, TextWriter stderr)
    {
        var signingKey = new Option<string?>("--signing-key") { Description = "The gateway's exchange-log signing key (Splp:ExchangeLog:SigningKeyPath). Default: ~/.splp/exchange-log-key.pem (created if missing)." };
        var command = new Command("log-public-key", "Print the public key (PEM) that verifies the exchange log's checkpoints.") { signingKey };
        command.SetAction(parse =>
        {
            try
            {
                using var key = LogSigningKey.LoadOrCreate(parse.GetValue(signingKey) ?? DefaultSigningKeyPath);
                stdout.Write(LogSigningKey.ExportPublicPem(key));
                stdout.WriteLine();
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                stderr.WriteLine($"Cannot read the signing key: {e.Message}");
                return SplpCommand.UsageError;
            }
        });
        return command;
    }

    private static string Kind(TamperKind kind) => kind switch
    {
        TamperKind.Altered => "altered",
        TamperKind.Removed => "removed",
        TamperKind.Inserted => "inserted",
        TamperKind.Reordered => "reordered",
        TamperKind.ForgedCheckpoint => "forged checkpoint",
        _ => kind.ToString(),
    };
}
