using System.Globalization;
using Splp.Gateway.Redis;
using StackExchange.Redis;

namespace Splp.Gateway.Ops;

/// <summary>
/// The shared store: per month and service a hash of counters (every replica adds its deltas with HINCRBY, so
/// replicas and restarts add up) and two bitmaps of minutes, observed and down (SETBIT is idempotent, so several
/// replicas sampling the same minute count it once; a minute any replica saw down counts as down). A set lists
/// the month's services. Keys expire after 400 days, long enough for the yearly SPBE evaluation.
/// </summary>
internal sealed class RedisOpsReportStore(SplpRedisConnection redis) : IOpsReportStore
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    private readonly string _prefix = redis.KeyPrefix + "ops:month:";

    public async Task AddAsync(string month, IReadOnlyDictionary<string, MonthlyCounts> deltas, CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var tasks = new List<Task>();
        foreach (var (service, counts) in deltas)
        {
            var key = HashKey(month, service);
            Add(tasks, db, key, "requests", counts.Requests);
            Add(tasks, db, key, "failures", counts.Failures);
            Add(tasks, db, key, "client_errors", counts.ClientErrors);
            Add(tasks, db, key, "validated", counts.Validated);
            Add(tasks, db, key, "violations", counts.Violations);
            for (var i = 0; i < counts.Buckets.Length; i++)
            {
                Add(tasks, db, key, "b" + i.ToString(CultureInfo.InvariantCulture), counts.Buckets[i]);
            }

            tasks.Add(db.KeyExpireAsync(key, Retention));
            tasks.Add(db.SetAddAsync(ServicesKey(month), service));
        }

        tasks.Add(db.KeyExpireAsync(ServicesKey(month), Retention));
        await Task.WhenAll(tasks).WaitAsync(cancellationToken);
    }

    public async Task MarkMinuteAsync(string month, int minute, IReadOnlyList<(string Service, bool Down)> samples, CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var tasks = new List<Task>();
        foreach (var (service, down) in samples)
        {
            tasks.Add(db.StringSetBitAsync(HashKey(month, service) + ":observed", minute, true));
            tasks.Add(db.KeyExpireAsync(HashKey(month, service) + ":observed", Retention));
            if (down)
            {
                tasks.Add(db.StringSetBitAsync(HashKey(month, service) + ":down", minute, true));
                tasks.Add(db.KeyExpireAsync(HashKey(month, service) + ":down", Retention));
            }

            tasks.Add(db.SetAddAsync(ServicesKey(month), service));
        }

        tasks.Add(db.KeyExpireAsync(ServicesKey(month), Retention));
        await Task.WhenAll(tasks).WaitAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, StoredMonth>> ReadAsync(string month, CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var services = await db.SetMembersAsync(ServicesKey(month)).WaitAsync(cancellationToken);
        var result = new Dictionary<string, StoredMonth>(StringComparer.Ordinal);
        foreach (var member in services)
        {
            var service = member.ToString();
            var key = HashKey(month, service);
            var fields = await db.HashGetAllAsync(key).WaitAsync(cancellationToken);
            var observed = await db.StringBitCountAsync(key + ":observed").WaitAsync(cancellationToken);
            var down = await db.StringBitCountAsync(key + ":down").WaitAsync(cancellationToken);
            var counts = new MonthlyCounts();
            foreach (var field in fields)
            {
                var value = (long)field.Value;
                switch (field.Name.ToString())
                {
                    case "requests": counts.Requests = value; break;
                    case "failures": counts.Failures = value; break;
                    case "client_errors": counts.ClientErrors = value; break;
                    case "validated": counts.Validated = value; break;
                    case "violations": counts.Violations = value; break;
                    case var b when b.Length > 1 && b[0] == 'b' && int.TryParse(b.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < counts.Buckets.Length:
                        counts.Buckets[i] = value;
                        break;
                    default: break;
                }
            }

            result[service] = new StoredMonth(counts, observed, down);
        }

        return result;
    }

    private static void Add(List<Task> tasks, IDatabase db, string key, string field, long value)
    {
        if (value != 0)
        {
            tasks.Add(db.HashIncrementAsync(key, field, value));
        }
    }

    private string HashKey(string month, string service) => _prefix + month + ":" + service;

    private string ServicesKey(string month) => _prefix + month + ":services";
}
