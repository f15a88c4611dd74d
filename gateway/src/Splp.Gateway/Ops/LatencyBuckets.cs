namespace Splp.Gateway.Ops;

/// <summary>
/// Fixed latency buckets (upper bounds in milliseconds) shared by the rolling window and the monthly report,
/// so percentiles from several replicas and several flushes add up exactly. A percentile is reported as the
/// upper bound of the bucket it falls in: an estimate that never understates.
/// </summary>
internal static class LatencyBuckets
{
    /// <summary>Upper bounds in ms; the last bucket is open-ended.</summary>
    public static readonly double[] UpperBoundsMs =
        [5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000, double.PositiveInfinity];

    public static int Count => UpperBoundsMs.Length;

    public static int IndexOf(double milliseconds)
    {
        var bounds = UpperBoundsMs;
        for (var i = 0; i < bounds.Length - 1; i++)
        {
            if (milliseconds <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length - 1;
    }

    /// <summary>The <paramref name="quantile"/> (e.g. 0.95) of the counted latencies in ms, or null when nothing was counted.</summary>
    public static double? Percentile(ReadOnlySpan<long> counts, double quantile)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(total * quantile);
        long cumulative = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            cumulative += counts[i];
            if (cumulative >= rank)
            {
                // The open-ended bucket reports its lower bound: "at least 30 s".
                return double.IsPositiveInfinity(UpperBoundsMs[i]) ? UpperBoundsMs[i - 1] : UpperBoundsMs[i];
            }
        }

        return UpperBoundsMs[^2];
    }
}
