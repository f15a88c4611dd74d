namespace Splp.Testing;

/// <summary>
/// The system clock shifted by an offset the test advances, for a gateway in a functional test: "now" jumps as in
/// <c>FakeTimeProvider</c>, while timers stay real so Kestrel, YARP and health checks keep running normally.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves "now" forward by <paramref name="delta"/>.</summary>
    public void Advance(TimeSpan delta) => Interlocked.Add(ref _offsetTicks, delta.Ticks);
}
