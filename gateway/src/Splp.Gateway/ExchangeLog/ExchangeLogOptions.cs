using Microsoft.Extensions.Options;

namespace Splp.Gateway.ExchangeLog;

/// <summary>The tamper-evident exchange log, bound from <c>Splp:ExchangeLog</c>. Paths may start with <c>~/</c>.</summary>
public sealed class ExchangeLogOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Splp:ExchangeLog";

    /// <summary>Whether every exchange on a service route is recorded. Default: false (the shipped appsettings turn it on).</summary>
    public bool Enabled { get; set; }

    /// <summary>The log directory (mount a volume in production). Default: <c>~/.splp/exchange-log</c>.</summary>
    public string Directory { get; set; } = "~/.splp/exchange-log";

    /// <summary>
    /// This replica's instance id: file names and checkpoints carry it, one chain per instance. Two running
    /// gateways must never share one (a lock file refuses the second). Default: the host name (the pod name).
    /// </summary>
    public string? Instance { get; set; }

    /// <summary>
    /// How often written records are forced to the disk (fsync); each batch is handed to the OS at once. On power loss
    /// at most this window of records is lost; on a process crash or SIGKILL only records still queued in memory;
    /// on SIGTERM nothing. Zero: fsync after every batch. Default: 1 s.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A signed checkpoint is written at least this often while records arrive. Default: 1 min.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>...and after at most this many records. Default: 10 000.</summary>
    public int CheckpointRecords { get; set; } = 10_000;

    /// <summary>A file is rotated (after a checkpoint) before it grows past this size; files also rotate at local midnight. Default: 64 MiB.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The time zone of the daily rotation. Default: <c>Asia/Jakarta</c>.</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>The ECDSA P-256 key (PKCS#8 PEM) that signs checkpoints; created on first use. Default: <c>~/.splp/exchange-log-key.pem</c>.</summary>
    public string SigningKeyPath { get; set; } = "~/.splp/exchange-log-key.pem";

    /// <summary>
    /// The secret of the keyed hash (HMAC-SHA256) of each NIK a record touches, at least 32 characters; every replica
    /// must share it. When empty, the key in <see cref="SubjectKeyPath"/> is used. Default: empty.
    /// </summary>
    public string? SubjectKey { get; set; }

    /// <summary>A file holding the subject key, created on first use (32 random bytes, base64). Default: <c>~/.splp/exchange-log-subject.key</c>.</summary>
    public string SubjectKeyPath { get; set; } = "~/.splp/exchange-log-subject.key";

    /// <summary>Records waiting for the writer; when full, a request waits at most <see cref="EnqueueTimeout"/>, then its record is counted lost. Default: 10 000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>How long a finished exchange may wait for room in a full queue. Default: 50 ms.</summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest time range an admin query may span. Default: 31 days.</summary>
    public TimeSpan MaxQueryRange { get; set; } = TimeSpan.FromDays(31);

    internal static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;

    internal string ResolvedInstance => string.IsNullOrWhiteSpace(Instance) ? SanitizedHostName() : Instance;

    private static string SanitizedHostName()
    {
        var chars = Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray();
        var name = new string(chars);
        return name.Length is > 0 and <= 64 ? name : "gateway";
    }
}

/// <summary>Checks every setting at start and lists every problem.</summary>
internal sealed class ExchangeLogOptionsValidator : IValidateOptions<ExchangeLogOptions>
{
    public ValidateOptionsResult Validate(string? name, ExchangeLogOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            errors.Add("Splp:ExchangeLog:Directory is required.");
        }

        if (!Splp.ExchangeLog.LogFormat.InstancePattern().IsMatch(options.ResolvedInstance))
        {
            errors.Add("Splp:ExchangeLog:Instance must be 1-64 letters, digits, '-' or '_'.");
        }

        if (options.FlushInterval < TimeSpan.Zero || options.FlushInterval > TimeSpan.FromMinutes(1))
        {
            errors.Add("Splp:ExchangeLog:FlushInterval must be between 0 and 00:01:00.");
        }

        if (options.CheckpointInterval < TimeSpan.FromSeconds(1) || options.CheckpointInterval > TimeSpan.FromHours(1))
        {
            errors.Add("Splp:ExchangeLog:CheckpointInterval must be between 00:00:01 and 01:00:00.");
        }

        if (options.CheckpointRecords is < 1 or > 1_000_000)
        {
            errors.Add("Splp:ExchangeLog:CheckpointRecords must be between 1 and 1000000.");
        }

        if (options.MaxFileBytes is < 64 * 1024 or > 4L * 1024 * 1024 * 1024)
        {
            errors.Add("Splp:ExchangeLog:MaxFileBytes must be between 65536 and 4294967296.");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? "", out _))
        {
            errors.Add($"Splp:ExchangeLog:TimeZone '{options.TimeZone}' is not a known time zone.");
        }

        if (string.IsNullOrWhiteSpace(options.SigningKeyPath))
        {
            errors.Add("Splp:ExchangeLog:SigningKeyPath is required.");
        }

        if (!string.IsNullOrEmpty(options.SubjectKey) && options.SubjectKey.Trim().Length < 32)
        {
            errors.Add("Splp:ExchangeLog:SubjectKey must be at least 32 characters.");
        }

        if (string.IsNullOrEmpty(options.SubjectKey) && string.IsNullOrWhiteSpace(options.SubjectKeyPath))
        {
            errors.Add("Splp:ExchangeLog:SubjectKey or SubjectKeyPath is required.");
        }

        if (options.QueueCapacity is < 16 or > 1_000_000)
        {
            errors.Add("Splp:ExchangeLog:QueueCapacity must be between 16 and 1000000.");
        }

        if (options.EnqueueTimeout < TimeSpan.Zero || options.EnqueueTimeout > TimeSpan.FromSeconds(5))
        {
            errors.Add("Splp:ExchangeLog:EnqueueTimeout must be between 0 and 00:00:05.");
        }

        if (options.MaxQueryRange < TimeSpan.FromMinutes(1) || options.MaxQueryRange > TimeSpan.FromDays(366))
        {
            errors.Add("Splp:ExchangeLog:MaxQueryRange must be between 00:01:00 and 366 days.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
