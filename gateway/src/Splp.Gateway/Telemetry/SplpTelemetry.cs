using System.Diagnostics;

namespace Splp.Gateway.Telemetry;

/// <summary>The gateway's own activity source and the span attribute names it sets.</summary>
public static class SplpTelemetry
{
    /// <summary>The name of the gateway's ActivitySource and the prefix of its meters.</summary>
    public const string SourceName = "Splp.Gateway";

    /// <summary>Span attribute: the published service.</summary>
    public const string ServiceTag = "splp.service";

    /// <summary>Span attribute: the contract operation id.</summary>
    public const string OperationTag = "splp.operation";

    /// <summary>Span attribute: the consumer (token client id).</summary>
    public const string ConsumerTag = "splp.consumer";

    /// <summary>Span attribute: the adapter that mapped the exchange.</summary>
    public const string AdapterTag = "splp.adapter";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// The current span when it is being recorded, else null: <c>SplpTelemetry.Recorded?.AddEvent(new(...))</c> builds
    /// the event only for recorded spans (C# skips the arguments of a call on null).
    /// </summary>
    internal static Activity? Recorded => Activity.Current is { IsAllDataRequested: true } activity ? activity : null;
}
