namespace Splp.Gateway.Resilience;

/// <summary>
/// A retry budget in the manner of Finagle and Envoy: over a sliding window of <see cref="WindowSeconds"/>
/// seconds, retries may be at most <c>percent</c> of the requests plus <c>minPerSecond</c> per second of the window.
/// When an app struggles and every request fails, retries then add at most that share of load, never a multiple.
/// </summary>
internal sealed class RetryBudget
{
    /// <summary>The window's length in seconds (one bucket per second).</summary>
    public const int WindowSeconds = 10;

    private readonly double _ratio;
    private readonly int _reserve;
    private readonly TimeProvider _time;
    private readonly long[] _requests = new long[WindowSeconds];
    private readonly long[] _retries = new long[WindowSeconds];
    private readonly long[] _second = new long[WindowSeconds];
    private readonly Lock _gate = new();

    public RetryBudget(double percent, int minPerSecond, TimeProvider time)
    {
        _ratio = percent / 100;
        _reserve = minPerSecond * WindowSeconds;
        _time = time;
        Array.Fill(_second, long.MinValue);
    }

    /// <summary>Counts a request to the service (not a retry).</summary>
    public void RecordRequest()
    {
        lock (_gate)
        {
            _requests[Bucket()]++;
        }
    }

    /// <summary>Takes one retry from the budget; false when the window's retries already reach the budget.</summary>
    public bool TryWithdraw()
    {
        lock (_gate)
        {
            var current = Bucket();
            long requests = 0, retries = 0;
            for (var i = 0; i < WindowSeconds; i++)
            {
                if (_second[i] > _second[current] - WindowSeconds)
                {
                    requests += _requests[i];
                    retries += _retries[i];
                }
            }

            if (retries >= _reserve + (long)Math.Floor(requests * _ratio))
            {
                return false;
            }

            _retries[current]++;
            return true;
        }
    }

    // The bucket for the current second, emptied when it last held an older second. Call under the lock.
    private int Bucket()
    {
        var second = _time.GetTimestamp() / _time.TimestampFrequency;
        var index = (int)(second % WindowSeconds);
        if (_second[index] != second)
        {
            _second[index] = second;
            _requests[index] = 0;
            _retries[index] = 0;
        }

        return index;
    }
}
