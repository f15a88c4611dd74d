namespace Splp.SampleAgencies.Generation;

/// <summary>Small helpers over a seeded <see cref="Random"/>; every draw is deterministic for a seed.</summary>
internal static class RandomExtensions
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static T PickWeighted<T>(this Random random, IReadOnlyList<(T Item, int Weight)> items)
    {
        var total = 0;
        foreach (var (_, weight) in items)
        {
            total += weight;
        }

        var roll = random.Next(total);
        foreach (var (item, weight) in items)
        {
            if (roll < weight)
            {
                return item;
            }

            roll -= weight;
        }

        return items[^1].Item;
    }

    /// <summary>A date uniformly between <paramref name="from"/> and <paramref name="to"/>, both included.</summary>
    public static DateOnly NextDate(this Random random, DateOnly from, DateOnly to) =>
        from.AddDays(random.Next(to.DayNumber - from.DayNumber + 1));
}
