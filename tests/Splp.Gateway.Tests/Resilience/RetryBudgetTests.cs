using Microsoft.Extensions.Time.Testing;
using Splp.Gateway.Resilience;

namespace Splp.Gateway.Tests.Resilience;

public sealed class RetryBudgetTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryWithdraw_AllowsThePercentageOfRecentRequests()
    {
        var budget = new RetryBudget(percent: 50, minPerSecond: 0, _clock);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }

        var granted = Enumerable.Range(0, 10).Count(_ => budget.TryWithdraw());

        Assert.Equal(5, granted);
    }

    [Fact]
    public void TryWithdraw_WithoutRequestsOrReserve_IsRefused()
    {
        var budget = new RetryBudget(percent: 100, minPerSecond: 0, _clock);

        Assert.False(budget.TryWithdraw());
    }

    [Fact]
    public void TryWithdraw_ReservePerSecondAllowsRetriesOnAQuietService()
    {
        var budget = new RetryBudget(percent: 0, minPerSecond: 1, _clock);

        var granted = Enumerable.Range(0, 20).Count(_ => budget.TryWithdraw());

        Assert.Equal(RetryBudget.WindowSeconds, granted);
    }

    [Fact]
    public void TryWithdraw_OldRequestsAndRetriesLeaveTheWindow()
    {
        var budget = new RetryBudget(percent: 20, minPerSecond: 0, _clock);
        for (var i = 0; i < 10; i++)
        {
            budget.RecordRequest();
        }

        Assert.True(budget.TryWithdraw());
        Assert.True(budget.TryWithdraw());
        Assert.False(budget.TryWithdraw());

        _clock.Advance(TimeSpan.FromSeconds(RetryBudget.WindowSeconds + 1));
        Assert.False(budget.TryWithdraw()); // the requests that paid for retries are gone too

        for (var i = 0; i < 5; i++)
        {
            budget.RecordRequest();
        }

        Assert.True(budget.TryWithdraw());
        Assert.False(budget.TryWithdraw());
    }

    [Fact]
    public void TryWithdraw_SlidesSecondBySecond()
    {
        var budget = new RetryBudget(percent: 100, minPerSecond: 0, _clock);
        budget.RecordRequest();
        _clock.Advance(TimeSpan.FromSeconds(5));
        budget.RecordRequest();
        Assert.True(budget.TryWithdraw());
        Assert.True(budget.TryWithdraw());
        Assert.False(budget.TryWithdraw());

        // The first request leaves the window; the two retries (taken at second 5) stay.
        _clock.Advance(TimeSpan.FromSeconds(6));
        budget.RecordRequest();
        Assert.False(budget.TryWithdraw());
    }
}
