using Microsoft.Extensions.Options;
using Splp.Gateway.Ops;

namespace Splp.Gateway.Tests.Ops;

public sealed class OpsFiguresTests
{
    [Theory]
    [InlineData(200, null, false, "success")]
    [InlineData(304, null, false, "success")]
    [InlineData(404, "urn:splp:problem:resource-not-found", false, "client-error")]
    [InlineData(429, "urn:splp:problem:rate-limited", false, "client-error")]
    [InlineData(500, null, false, "upstream-5xx")]
    [InlineData(500, "urn:splp:problem:internal-error", false, "gateway-error")]
    [InlineData(502, "urn:splp:problem:upstream-unavailable", false, "bad-gateway")]
    [InlineData(503, "urn:splp:problem:circuit-open", false, "circuit-open")]
    [InlineData(503, "urn:splp:problem:service-unavailable", false, "unavailable")]
    [InlineData(504, "urn:splp:problem:upstream-timeout", false, "timeout")]
    [InlineData(502, null, true, "canceled")]
    public void Classify_ByStatusAndProblemType(int status, string? type, bool aborted, string expected)
    {
        Assert.Equal(expected, ExchangeOutcomes.Classify(status, type, aborted).Name());
    }

    [Fact]
    public void Percentile_IsTheUpperBoundOfTheBucketHoldingTheRank()
    {
        var counts = new long[LatencyBuckets.Count];
        counts[LatencyBuckets.IndexOf(20)] = 94;
        counts[LatencyBuckets.IndexOf(400)] = 6;

        Assert.Equal(500, LatencyBuckets.Percentile(counts, 0.95));
        Assert.Equal(25, LatencyBuckets.Percentile(counts, 0.94));
        Assert.Null(LatencyBuckets.Percentile(new long[LatencyBuckets.Count], 0.95));
    }

    [Fact]
    public void Percentile_InTheOpenBucket_IsItsLowerBound()
    {
        var counts = new long[LatencyBuckets.Count];
        counts[LatencyBuckets.IndexOf(120_000)] = 1;

        Assert.Equal(30_000, LatencyBuckets.Percentile(counts, 0.95));
    }

    [Fact]
    public void Validator_CollectsEveryProblem()
    {
        var options = new OpsOptions
        {
            DegradedErrorRate = 0.5,
            DownErrorRate = 0.2,
            InactiveAfter = TimeSpan.FromMinutes(1),
            Window = TimeSpan.FromMinutes(5),
            AllowedNetworks = ["10.0.0.0/8", "kantor"],
        };

        var result = new OpsOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.Contains("'kantor'", StringComparison.Ordinal));
        Assert.True(new OpsOptionsValidator().Validate(null, new OpsOptions()).Succeeded);
    }

    [Theory]
    [InlineData("2026-11-30T16:59:00+00:00", "07:00", "2026-11", 43199)]
    [InlineData("2026-11-30T17:00:00+00:00", "07:00", "2026-12", 0)]
    [InlineData("2026-11-30T17:00:00+00:00", "00:00", "2026-11", 42780)]
    public void MonthOf_CountsMinutesOfTheReportsCalendarMonth(string at, string offset, string month, int minute)
    {
        var result = OpsSampler.MonthOf(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Parse(offset, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((month, minute), result);
    }

    [Theory]
    [InlineData("Dinas Uji", "Dinas Uji")]
    [InlineData("Dinas, Uji", "\"Dinas, Uji\"")]
    [InlineData("Dinas \"Uji\"", "\"Dinas \"\"Uji\"\"\"")]
    [InlineData("baris\nbaru", "\"baris\nbaru\"")]
    [InlineData("=HYPERLINK(1)", "'=HYPERLINK(1)")]
    [InlineData("-12.5", "-12.5")]
    public void CsvEscape_FollowsRfc4180AndDefusesFormulas(string field, string expected)
    {
        Assert.Equal(expected, MonthlyReport.Escape(field));
    }

    [Fact]
    public async Task InMemoryStore_AddsFlushesAndCountsMinutesOnce()
    {
        var store = new InMemoryOpsReportStore();
        var delta = new MonthlyCounts { Requests = 3, Failures = 1, Validated = 2, Violations = 1 };
        delta.Buckets[2] = 3;

        await store.AddAsync("2026-11", new Dictionary<string, MonthlyCounts> { ["layanan"] = delta }, default);
        await store.AddAsync("2026-11", new Dictionary<string, MonthlyCounts> { ["layanan"] = delta }, default);
        await store.MarkMinuteAsync("2026-11", 5, [("layanan", false)], default);
        await store.MarkMinuteAsync("2026-11", 6, [("layanan", true)], default);
        await store.MarkMinuteAsync("2026-11", 6, [("layanan", true)], default);
        await store.MarkMinuteAsync("2026-10", 6, [("layanan", true)], default);

        var month = (await store.ReadAsync("2026-11", default))["layanan"];
        Assert.Equal(6, month.Counts.Requests);
        Assert.Equal(2, month.Counts.Failures);
        Assert.Equal(6, month.Counts.Buckets[2]);
        Assert.Equal(2, month.ObservedMinutes);
        Assert.Equal(1, month.DownMinutes);
    }

    [Fact]
    public void FailureRing_KeepsTheNewestUpToItsSize()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        var activity = new OpsActivity(Options.Create(new OpsOptions { RecentFailures = 3 }), time);
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            activity.Failed(new FailedExchange(time.GetUtcNow(), "layanan", null, 502, "bad-gateway", null, $"trace{i}", null));
        }

        var recent = activity.RecentFailures(10);

        Assert.Equal(["trace4", "trace3", "trace2"], recent.Select(f => f.TraceId));
        Assert.Single(activity.RecentFailures(1));
    }
}
