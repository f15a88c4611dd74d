using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Splp.ExchangeLog;

namespace Splp.Gateway.ExchangeLog;

/// <summary>
/// The one writer of this instance's chain. Requests hand their records to a bounded queue and never touch the
/// disk; this background service appends them in batches, hands each batch to the OS at once, forces the file to
/// the disk every <see cref="ExchangeLogOptions.FlushInterval"/>, writes signed checkpoints every
/// <see cref="ExchangeLogOptions.CheckpointRecords"/> records or <see cref="ExchangeLogOptions.CheckpointInterval"/>,
/// on rotation and at shutdown, and notes lost records in the chain itself.
/// </summary>
internal sealed partial class ExchangeLogWriter : IHostedService, IDisposable
{
    private const int MaxBatch = 512;
    private readonly ExchangeLogOptions _options;
    private readonly ExchangeLogMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ExchangeLogWriter> _logger;
    private readonly Channel<ExchangeRecord> _queue;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _json;
    private long _lost;
    private ChainWriter? _chain;
    private Task? _loop;
    private Task? _sync;

    public ExchangeLogWriter(IOptions<ExchangeLogOptions> options, ExchangeLogMetrics metrics, TimeProvider time, ILogger<ExchangeLogWriter> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _json = new Utf8JsonWriter(_buffer);
        _queue = Channel.CreateBounded<ExchangeRecord>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        metrics.ObserveQueue(() => _queue.Reader.Count);
    }

    /// <summary>The log directory, resolved.</summary>
    public string Directory => ExchangeLogOptions.ExpandHome(_options.Directory);

    /// <summary>
    /// Queues a record. When the queue is full the exchange waits up to <see cref="ExchangeLogOptions.EnqueueTimeout"/>
    /// (brief backpressure, after its response was sent); then the record is counted lost, logged, and noted in the chain.
    /// </summary>
    public ValueTask EnqueueAsync(ExchangeRecord record)
    {
        if (_queue.Writer.TryWrite(record))
        {
            return ValueTask.CompletedTask;
        }

        return EnqueueSlowAsync(record);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Opened before the server accepts requests: an unusable directory or key stops the start.
        var signing = LogSigningKey.LoadOrCreate(ExchangeLogOptions.ExpandHome(_options.SigningKeyPath));
        _chain = new ChainWriter(
            new ChainWriterSettings
            {
                Directory = Directory,
                Instance = _options.ResolvedInstance,
                MaxFileBytes = _options.MaxFileBytes,
                TimeZone = TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone),
            },
            signing);
        var recovery = _chain.Open();
        if (recovery.TornBytes > 0)
        {
            Log.TornTail(_logger, recovery.TornFile!, recovery.TornBytes, recovery.LastSeq);
        }

        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("instance", _options.ResolvedInstance);
        _json.WriteString("keyId", LogSigningKey.KeyId(signing));
        _json.WriteBoolean("previousClean", recovery.PreviousClean);
        if (recovery.TornBytes > 0)
        {
            _json.WriteString("tornFile", recovery.TornFile);
            _json.WriteNumber("tornBytes", recovery.TornBytes);
            _json.WriteString("tornSha256", recovery.TornSha256);
        }

        _json.WriteEndObject();
        _json.Flush();
        _chain.Append(LogFormat.StartType, _time.GetUtcNow(), _buffer.WrittenSpan[1..^1]);
        _chain.Flush(durable: true);
        Log.Started(_logger, Directory, _options.ResolvedInstance, recovery.LastSeq, recovery.PreviousClean);
        // Not tied to a cancellation token: the loop always drains the queue and seals the chain before it ends.
        _loop = Task.Run(WriteLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The server has stopped taking requests (it stops before other hosted services): drain, seal, close.
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        _chain?.Dispose();
        _json.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await WriteAllAsync();
        }
        catch (Exception e)
        {
            // Past this point records pile up in the queue and are then counted lost: loud, never silent.
            Log.WriterStopped(_logger, e);
            throw;
        }
    }

    private async Task WriteAllAsync()
    {
        var chain = _chain!;
        var reader = _queue.Reader;
        var lastSync = _time.GetTimestamp();
        var lastCheckpoint = _time.GetTimestamp();
        var unsynced = false;
        Task<bool>? waiting = null;
        while (true)
        {
            var due = NextDue(chain, unsynced, lastSync, lastCheckpoint);
            waiting ??= reader.WaitToReadAsync(CancellationToken.None).AsTask();
            if (!waiting.IsCompleted && due > TimeSpan.Zero)
            {
                using var timer = new CancellationTokenSource();
                var delay = Task.Delay(due == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : due, _time, timer.Token);
                await Task.WhenAny(waiting, delay);
                await timer.CancelAsync();
            }

            if (waiting.IsCompleted)
            {
                var more = await waiting;
                waiting = null;
                if (!more)
                {
                    break;
                }
            }

            var started = _time.GetTimestamp();
            var written = WriteBatch(chain, reader);
            if (written > 0)
            {
                unsynced = true;
            }

            if (unsynced && _time.GetElapsedTime(lastSync) >= _options.FlushInterval)
            {
                Sync(chain);
                unsynced = false;
                lastSync = _time.GetTimestamp();
            }

            if (chain.SinceCheckpoint >= _options.CheckpointRecords
                || (chain.SinceCheckpoint > 0 && _time.GetElapsedTime(lastCheckpoint) >= _options.CheckpointInterval))
            {
                Seal(chain, chain.SinceCheckpoint >= _options.CheckpointRecords ? "records" : "interval");
                lastCheckpoint = _time.GetTimestamp();
                unsynced = false;
                lastSync = lastCheckpoint;
            }

            if (written > 0)
            {
                _metrics.WriteDuration(_time.GetElapsedTime(started));
            }
        }

        WriteBatch(chain, reader);
        if (_sync is not null)
        {
            await _sync;
        }

        Seal(chain, ChainWriter.ShutdownReason);
        Log.Stopped(_logger, chain.LastSeq);
    }

    private TimeSpan NextDue(ChainWriter chain, bool unsynced, long lastSync, long lastCheckpoint)
    {
        var due = Timeout.InfiniteTimeSpan;
        if (unsynced)
        {
            due = Max0(_options.FlushInterval - _time.GetElapsedTime(lastSync));
        }

        if (chain.SinceCheckpoint > 0)
        {
            var checkpoint = Max0(_options.CheckpointInterval - _time.GetElapsedTime(lastCheckpoint));
            due = due == Timeout.InfiniteTimeSpan || checkpoint < due ? checkpoint : due;
        }

        return due;

        static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;
    }

    private int WriteBatch(ChainWriter chain, ChannelReader<ExchangeRecord> reader)
    {
        var count = 0;
        try
        {
            var lost = Interlocked.Exchange(ref _lost, 0);
            if (lost > 0)
            {
                _buffer.ResetWrittenCount();
                _json.Reset(_buffer);
                _json.WriteStartObject();
                _json.WriteNumber("lost", lost);
                _json.WriteString("reason", "queue-full");
                _json.WriteEndObject();
                _json.Flush();
                chain.Append(LogFormat.LossType, _time.GetUtcNow(), _buffer.WrittenSpan[1..^1]);
            }

            while (count < MaxBatch && reader.TryRead(out var record))
            {
                chain.Append(LogFormat.ExchangeType, record.Time, record.Serialize(_buffer, _json));
                count++;
            }

            chain.Flush(durable: _options.FlushInterval == TimeSpan.Zero);
            _metrics.Written(count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _metrics.WriteError();
            _metrics.Dropped(1);
            Log.WriteFailed(_logger, e);
        }

        return count;
    }

    /// <summary>
    /// Starts an fsync of the current file on another thread, so that a slow disk never stalls the writer (records
    /// waiting in memory are what a crash loses); skipped while the previous one is still running.
    /// </summary>
    private void Sync(ChainWriter chain)
    {
        if (_sync is { IsCompleted: false })
        {
            return;
        }

        try
        {
            var handle = chain.HandleForSync();
            if (handle is not null)
            {
                _sync = Task.Run(() =>
                {
                    try
                    {
                        RandomAccess.FlushToDisk(handle);
                    }
                    catch (ObjectDisposedException)
                    {
                        // The file was rotated (and made durable) meanwhile.
                    }
                    catch (IOException e)
                    {
                        _metrics.WriteError();
                        Log.WriteFailed(_logger, e);
                    }
                });
            }
        }
        catch (IOException e)
        {
            _metrics.WriteError();
            Log.WriteFailed(_logger, e);
        }
    }

    private void Seal(ChainWriter chain, string reason)
    {
        try
        {
            if (chain.Checkpoint(reason, _time.GetUtcNow()) is { } checkpoint)
            {
                _metrics.Checkpoint();
                // Shipped with the application logs: an off-host copy of the latest seal detects a cut tail even if
                // the head file is rolled back too.
                var sealedHash = checkpoint.SealedHash.ToString();
                Log.Checkpointed(_logger, checkpoint.Instance, chain.LastSeq, checkpoint.SealedSeq, sealedHash, checkpoint.Signature, reason);
            }
            else
            {
                chain.Flush(durable: true);
            }
        }
        catch (IOException e)
        {
            _metrics.WriteError();
            Log.WriteFailed(_logger, e);
        }
    }

    private async ValueTask EnqueueSlowAsync(ExchangeRecord record)
    {
        using var timeout = new CancellationTokenSource(_options.EnqueueTimeout, _time);
        try
        {
            await _queue.Writer.WriteAsync(record, timeout.Token);
            return;
        }
        catch (OperationCanceledException)
        {
        }
        catch (ChannelClosedException)
        {
        }

        Interlocked.Increment(ref _lost);
        _metrics.Dropped();
        Log.RecordLost(_logger, record.Service, _options.QueueCapacity);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Exchange log in {Directory}, instance {Instance}: continuing after seq {LastSeq} (previous run ended cleanly: {PreviousClean})")]
        public static partial void Started(ILogger logger, string directory, string instance, long lastSeq, bool previousClean);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Exchange log: {TornBytes} bytes of an incomplete write at the end of {File} were cut off (a crash mid-write); the chain continues after seq {LastSeq} and the start record notes the cut")]
        public static partial void TornTail(ILogger logger, string file, long tornBytes, long lastSeq);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Exchange log checkpoint of {Instance} at seq {Seq}: seals seq {SealedSeq} hash {SealedHash} sig {Signature} ({Reason})")]
        public static partial void Checkpointed(ILogger logger, string instance, long seq, long sealedSeq, string sealedHash, string signature, string reason);

        [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Exchange log record of service {Service} lost: the queue of {Capacity} records stayed full; the loss is counted and noted in the chain")]
        public static partial void RecordLost(ILogger logger, string service, int capacity);

        [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Exchange log write failed")]
        public static partial void WriteFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 7007, Level = LogLevel.Critical, Message = "Exchange log writer stopped by an unexpected error; further records will be counted lost")]
        public static partial void WriterStopped(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Exchange log closed at seq {LastSeq} with a shutdown checkpoint")]
        public static partial void Stopped(ILogger logger, long lastSeq);
    }
}
