namespace Splp.SampleAgencies.Generation;

/// <summary>Western Indonesia Time (WIB, UTC+7), the local time of every sample agency.</summary>
internal static class Wib
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The instant the synthetic data describes: nothing in it happens later.</summary>
    public static readonly DateTimeOffset AsOf = new(2026, 4, 1, 0, 0, 0, Offset);

    public static DateTimeOffset At(DateOnly date, int hour, int minute, int second) =>
        new(date.Year, date.Month, date.Day, hour, minute, second, Offset);

    /// <summary>The next working day on or after <paramref name="date"/>.</summary>
    public static DateOnly WorkingDayFrom(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday => date.AddDays(2),
        DayOfWeek.Sunday => date.AddDays(1),
        _ => date,
    };
}
