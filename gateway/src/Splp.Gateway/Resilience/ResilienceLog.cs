namespace Splp.Gateway.Resilience;

/// <summary>Resilience logs, event ids 6001-6099.</summary>
internal static partial class ResilienceLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Circuit of service {Service} opened for {BreakDuration} after repeated failures toward the agency app")]
    public static partial void CircuitOpened(ILogger logger, string service, TimeSpan breakDuration);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Circuit of service {Service} half-open: probing the agency app")]
    public static partial void CircuitHalfOpened(ILogger logger, string service);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Circuit of service {Service} closed: the agency app answers again")]
    public static partial void CircuitClosed(ILogger logger, string service);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Retrying a request to service {Service} (attempt {Attempt}) after {Delay}")]
    public static partial void Retrying(ILogger logger, string service, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Resilience pipeline of service {Service} built from revised settings")]
    public static partial void PipelineBuilt(ILogger logger, string service);
}
