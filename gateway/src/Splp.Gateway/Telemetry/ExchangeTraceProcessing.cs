using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Splp.Gateway.Telemetry;

/// <summary>
/// Masks personal data in the attributes .NET's HttpClient sets on upstream client spans (<c>url.full</c> carries
/// the upstream path, where agency apps put NIKs) before any exporter sees them. Runs only for recorded spans,
/// and before the exporters, which are registered after it.
/// </summary>
internal sealed class PersonalDataMaskingProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem("url.full") is string full && PersonalDataMask.Mask(full) is var masked && !ReferenceEquals(masked, full))
        {
            data.SetTag("url.full", masked);
        }
    }
}

/// <summary>
/// The gateway's sampler: the configured one (every exchange, or a share by trace id, following a caller's sampled
/// <c>traceparent</c>), except that HttpClient calls outside any exchange — active health probes, identity
/// provider discovery — start no trace of their own.
/// </summary>
internal sealed class ExchangeSampler(Sampler inner) : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (samplingParameters.Kind == ActivityKind.Client && samplingParameters.ParentContext.TraceId == default)
        {
            return new SamplingResult(SamplingDecision.Drop);
        }

        return inner.ShouldSample(samplingParameters);
    }
}
