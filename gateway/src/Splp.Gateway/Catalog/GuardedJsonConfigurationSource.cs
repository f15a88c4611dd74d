using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Splp.Gateway.Catalog;

/// <summary>
/// A reloadable JSON file source that never empties the configuration. The stock file provider sets its data
/// to an empty dictionary when a reload fails to parse (or finds the file gone) and then throws inside the
/// change callback, so the next reload from any other source would apply a catalog with no services. This one
/// parses into a temporary dictionary and applies it only on success; on failure it keeps the last good data
/// and records the refusal in <see cref="ConfigurationSourceHealth"/> (logged, counted, shown in /healthz/ready).
/// </summary>
internal sealed class GuardedJsonConfigurationSource : IConfigurationSource
{
    public required string Path { get; init; }

    public required IFileProvider FileProvider { get; init; }

    public bool Optional { get; init; }

    public bool ReloadOnChange { get; init; } = true;

    public required ConfigurationSourceHealth Health { get; init; }

    /// <summary>The file as it is named in logs and /healthz/ready.</summary>
    public string DisplayName => FileProvider.GetFileInfo(Path).PhysicalPath ?? Path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new GuardedJsonConfigurationProvider(this);

    /// <summary>A guarded copy of a stock JSON file source (the appsettings files WebApplication adds).</summary>
    public static GuardedJsonConfigurationSource From(JsonConfigurationSource source, IConfigurationBuilder builder, ConfigurationSourceHealth health)
    {
        source.ResolveFileProvider();
        return new GuardedJsonConfigurationSource
        {
            Path = source.Path!,
            FileProvider = source.FileProvider ?? builder.GetFileProvider(),
            Optional = source.Optional,
            ReloadOnChange = source.ReloadOnChange,
            Health = health,
        };
    }
}

/// <summary>The provider of <see cref="GuardedJsonConfigurationSource"/>.</summary>
internal sealed class GuardedJsonConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly GuardedJsonConfigurationSource _source;
    private readonly IDisposable? _watch;

    public GuardedJsonConfigurationProvider(GuardedJsonConfigurationSource source)
    {
        _source = source;
        if (source.ReloadOnChange)
        {
            _watch = ChangeToken.OnChange(() => source.FileProvider.Watch(source.Path), Reload);
        }
    }

    /// <summary>The first load: a missing required file or a parse error stops the gateway (with file and line).</summary>
    public override void Load()
    {
        var file = _source.FileProvider.GetFileInfo(_source.Path);
        if (!file.Exists)
        {
            if (_source.Optional)
            {
                Data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                return;
            }

            throw new ConfigurationProblemsException([$"{_source.DisplayName}: the configuration file is missing."]);
        }

        if (!TryParse(file, out var data, out var error))
        {
            throw new ConfigurationProblemsException([$"{_source.DisplayName}: {error}"]);
        }

        Data = data!;
    }

    public void Dispose() => _watch?.Dispose();

    private void Reload()
    {
        var file = _source.FileProvider.GetFileInfo(_source.Path);
        IDictionary<string, string?>? data;
        string? error;
        if (!file.Exists)
        {
            // An optional file that was never there stays absent; one that vanished keeps its last data.
            if (_source.Optional && Data.Count == 0)
            {
                return;
            }

            data = null;
            error = "the file was deleted; its last good contents stay in force";
        }
        else
        {
            _ = TryParse(file, out data, out error);
        }

        if (data is null)
        {
            _source.Health.Rejected(_source.DisplayName, error!);
            return;
        }

        _source.Health.Accepted(_source.DisplayName);
        Data = data;
        OnReload();
    }

    private static bool TryParse(IFileInfo file, out IDictionary<string, string?>? data, out string? error)
    {
        try
        {
            using var stream = file.CreateReadStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                data = null;
                error = "the file is empty";
                return false;
            }

            buffer.Position = 0;
            data = JsonParser.Parse(buffer);
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or JsonException or IOException or UnauthorizedAccessException)
        {
            data = null;
            error = Describe(ex);
            return false;
        }
    }

    /// <summary>The parse error with its line and byte position (the configuration parser wraps the JsonException).</summary>
    internal static string Describe(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException { LineNumber: { } line } json)
            {
                var file = exception is InvalidDataException ? exception.Message + " " : string.Empty;
                return $"{file}invalid JSON at line {line + 1}, byte {(json.BytePositionInLine ?? 0) + 1}: {json.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0]}";
            }
        }

        return exception.InnerException is { } cause ? $"{exception.Message} {cause.Message}" : exception.Message;
    }

    /// <summary>The stock JSON parser, into a dictionary of its own.</summary>
    private sealed class JsonParser : JsonConfigurationProvider
    {
        private JsonParser()
            : base(new JsonConfigurationSource())
        {
        }

        public static IDictionary<string, string?> Parse(Stream stream)
        {
            using var parser = new JsonParser();
            parser.Load(stream);
            return parser.Data;
        }
    }
}

/// <summary>
/// The configuration files whose last change was refused (invalid JSON, emptied, deleted): logged, counted in
/// <c>splp.config.rejected_sources</c>, shown in <c>/healthz/ready</c> until the file is fixed.
/// </summary>
internal sealed partial class ConfigurationSourceHealth
{
    /// <summary>The meter of configuration loading.</summary>
    public const string MeterName = "Splp.Catalog";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> RejectedSources = Meter.CreateCounter<long>(
        "splp.config.rejected_sources", unit: "{change}", description: "Changes of configuration files refused because the file could not be read (invalid JSON, emptied, deleted).");

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RejectedSource> _rejected = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private ILogger _logger;

    public ConfigurationSourceHealth(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>The files whose last change was refused, with why and when.</summary>
    public IReadOnlyList<RejectedSource> Rejected()
    {
        lock (_gate)
        {
            return _rejected.Values.OrderBy(r => r.File, StringComparer.Ordinal).ToArray();
        }
    }

    /// <summary>Logs through the host's logging once it exists (the sources are built before it).</summary>
    public void UseLogger(ILogger logger) => _logger = logger;

    internal void Rejected(string file, string error)
    {
        lock (_gate)
        {
            _rejected[file] = new RejectedSource(file, error, _time.GetUtcNow());
        }

        RejectedSources.Add(1, new KeyValuePair<string, object?>("file", Path.GetFileName(file)));
        Log.SourceRejected(_logger, file, error);
    }

    internal void Accepted(string file)
    {
        bool cleared;
        lock (_gate)
        {
            cleared = _rejected.Remove(file);
        }

        if (cleared)
        {
            Log.SourceRecovered(_logger, file);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Configuration file {File} refused: {Error}; its last good contents stay in force")]
        public static partial void SourceRejected(ILogger logger, string file, string error);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Configuration file {File} reads again")]
        public static partial void SourceRecovered(ILogger logger, string file);
    }
}

/// <summary>A configuration file whose last change was refused.</summary>
internal sealed record RejectedSource(
    [property: System.Text.Json.Serialization.JsonPropertyName("file")] string File,
    [property: System.Text.Json.Serialization.JsonPropertyName("error")] string Error,
    [property: System.Text.Json.Serialization.JsonPropertyName("at")] DateTimeOffset At);

/// <summary>A configuration the gateway refuses, with one line per problem (file or key, and why).</summary>
internal sealed class ConfigurationProblemsException(IReadOnlyList<string> problems)
    : Exception("The configuration is invalid; the gateway will not start:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
