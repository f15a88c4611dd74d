using Splp.Gateway.RateLimiting;

namespace Splp.Gateway.Tests.RateLimiting;

public sealed class QuotaCalendarTests
{
    [Theory]
    [InlineData("2026-11-23T16:59:59Z", "20261123", "2026-11-23T17:00:00Z")]
    [InlineData("2026-11-23T17:00:00Z", "20261124", "2026-11-24T17:00:00Z")]
    [InlineData("2026-12-31T18:30:00Z", "20270101", "2027-01-01T17:00:00Z")]
    public void DayOf_Jakarta_DayEndsAtLocalMidnight(string now, string key, string end)
    {
        Assert.True(QuotaCalendar.TryFindTimeZone("Asia/Jakarta", out var zone));
        var calendar = new QuotaCalendar(zone);

        var day = calendar.DayOf(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(key, day.Key);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), day.End);
    }

    [Fact]
    public void TryFindTimeZone_Unknown_ReturnsFalse() =>
        Assert.False(QuotaCalendar.TryFindTimeZone("Asia/Atlantis", out _));
}
