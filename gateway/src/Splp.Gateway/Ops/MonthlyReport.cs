using System.Globalization;
using System.Text;
using Splp.Gateway.Catalog;

namespace Splp.Gateway.Ops;

/// <summary>One service's line of the monthly report.</summary>
/// <param name="Service">The service.</param>
/// <param name="Agency">The owning agency's id.</param>
/// <param name="AgencyName">The owning agency's name.</param>
/// <param name="Requests">Exchanges through the gateway.</param>
/// <param name="AvailabilityPercent">100 × (observed minutes − down minutes) ÷ observed minutes; null when never observed.</param>
/// <param name="ObservedMinutes">Minutes of the month in which a replica sampled the service's state.</param>
/// <param name="DownMinutes">Minutes a replica found the service down.</param>
/// <param name="P95Ms">The 95th percentile latency (upper bound of its bucket); null without traffic.</param>
/// <param name="ErrorRatePercent">100 × failed exchanges ÷ exchanges (4xx are not failures); null without traffic.</param>
/// <param name="ClientErrors">Exchanges answered 4xx (caller mistakes).</param>
/// <param name="Validated">Exchanges held to the contract.</param>
/// <param name="ConformancePercent">100 × validated exchanges without violation ÷ validated exchanges; null when none was validated.</param>
internal sealed record MonthlyReportLine(
    string Service,
    string Agency,
    string AgencyName,
    long Requests,
    double? AvailabilityPercent,
    long ObservedMinutes,
    long DownMinutes,
    double? P95Ms,
    double? ErrorRatePercent,
    long ClientErrors,
    long Validated,
    double? ConformancePercent);

/// <summary>The monthly report: every catalog service (and any no longer published that has figures).</summary>
internal sealed record MonthlyReport(string Month, string UtcOffset, DateTimeOffset GeneratedAt, IReadOnlyList<MonthlyReportLine> Services)
{
    private static readonly string[] Header =
        ["month", "service", "agency", "agency_name", "requests", "availability_percent", "observed_minutes", "down_minutes",
         "p95_ms", "error_rate_percent", "client_errors", "validated", "conformance_percent"];

    public static MonthlyReport Build(string month, TimeSpan offset, DateTimeOffset now, ServiceCatalog catalog, IReadOnlyDictionary<string, StoredMonth> stored)
    {
        var names = catalog.Services.Keys.Union(stored.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var lines = new List<MonthlyReportLine>();
        foreach (var name in names)
        {
            catalog.Services.TryGetValue(name, out var service);
            var figures = stored.TryGetValue(name, out var s) ? s : new StoredMonth(new MonthlyCounts(), 0, 0);
            var c = figures.Counts;
            lines.Add(new MonthlyReportLine(
                name,
                service?.AgencyId ?? "",
                service?.AgencyName ?? "",
                c.Requests,
                figures.ObservedMinutes == 0 ? null : Percent(figures.ObservedMinutes - figures.DownMinutes, figures.ObservedMinutes),
                figures.ObservedMinutes,
                figures.DownMinutes,
                LatencyBuckets.Percentile(c.Buckets, 0.95),
                c.Requests == 0 ? null : Percent(c.Failures, c.Requests),
                c.ClientErrors,
                c.Validated,
                c.Validated == 0 ? null : Percent(c.Validated - c.Violations, c.Validated)));
        }

        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return new MonthlyReport(month, sign + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture), now, lines);
    }

    /// <summary>RFC 4180 CSV: a header line, CRLF line ends, fields quoted when they hold a comma, quote or line break.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Header).Append("\r\n");
        foreach (var l in Services)
        {
            string[] fields =
            [
                Month, l.Service, l.Agency, l.AgencyName, Number(l.Requests), Number(l.AvailabilityPercent), Number(l.ObservedMinutes),
                Number(l.DownMinutes), Number(l.P95Ms), Number(l.ErrorRatePercent), Number(l.ClientErrors), Number(l.Validated), Number(l.ConformancePercent),
            ];
            csv.AppendJoin(',', fields.Select(Escape)).Append("\r\n");
        }

        return csv.ToString();
    }

    internal static string Escape(string field)
    {
        // A spreadsheet would run a leading =, +, - or @ as a formula: names are text, so say so.
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            field = "'" + field;
        }

        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    private static double Percent(long part, long whole) => Math.Round(100.0 * part / whole, 3);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";
}
