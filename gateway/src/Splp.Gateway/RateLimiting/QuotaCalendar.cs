using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Splp.Gateway.RateLimiting;

/// <summary>The local day a quota counts in, and when it ends (local midnight).</summary>
internal sealed class QuotaCalendar(TimeZoneInfo timeZone)
{
    private volatile DayWindow? _cached;

    public TimeZoneInfo TimeZone { get; } = timeZone;

    public static bool TryFindTimeZone(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>The day containing <paramref name="now"/>: its key (<c>yyyyMMdd</c>, local) and its end.</summary>
    public DayWindow DayOf(DateTimeOffset now)
    {
        // One computation per day rather than per request.
        var cached = _cached;
        if (cached is not null && now >= cached.Start && now < cached.End)
        {
            return cached;
        }

        var local = TimeZoneInfo.ConvertTime(now, TimeZone);
        var start = LocalMidnightToUtc(local.Date);
        var end = LocalMidnightToUtc(local.Date.AddDays(1));
        var window = new DayWindow(local.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture), start, end);
        _cached = window;
        return window;
    }

    private DateTimeOffset LocalMidnightToUtc(DateTime localDate)
    {
        var midnight = DateTime.SpecifyKind(localDate, DateTimeKind.Unspecified);
        // Zones whose clocks skip midnight (DST) start the day at the first valid minute.
        while (TimeZone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(midnight, TimeZone), TimeSpan.Zero);
    }
}

/// <summary>A local day: key, first instant, first instant of the next day.</summary>
internal sealed record DayWindow(string Key, DateTimeOffset Start, DateTimeOffset End);
