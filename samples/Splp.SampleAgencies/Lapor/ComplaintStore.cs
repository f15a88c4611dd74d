using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Splp.SampleAgencies.Generation;
using Splp.SampleAgencies.Http;

namespace Splp.SampleAgencies.Lapor;

/// <summary>The complaints of one complaint app: the seeded ones plus those posted since start, thread-safe.</summary>
internal sealed class ComplaintStore
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, int> _lastSequence = [];

    // Copy-on-write: readers take the array without locking; posts are rare.
    private Entry[] _entries;

    public ComplaintStore(IEnumerable<Complaint> complaints)
    {
        var entries = new List<Entry>();
        foreach (var complaint in complaints)
        {
            var entry = new Entry(complaint);
            entries.Add(entry);
            _byId[complaint.TrackingId] = entry;
            var year = int.Parse(complaint.TrackingId.AsSpan(6, 4), CultureInfo.InvariantCulture);
            var sequence = int.Parse(complaint.TrackingId.AsSpan(11), CultureInfo.InvariantCulture);
            _lastSequence[year] = Math.Max(sequence, _lastSequence.GetValueOrDefault(year));
        }

        _entries = [.. entries];
    }

    /// <summary>Every complaint in filing order.</summary>
    public Entry[] Snapshot => Volatile.Read(ref _entries);

    public bool TryGet(string trackingId, out Entry entry) => _byId.TryGetValue(trackingId, out entry!);

    /// <summary>Stores a new complaint, numbering it in the year of <paramref name="created"/> (WIB).</summary>
    public Entry Add(DateTimeOffset created, Func<string, Complaint> create)
    {
        lock (_gate)
        {
            var year = created.ToOffset(Wib.Offset).Year;
            var sequence = _lastSequence.GetValueOrDefault(year) + 1;
            _lastSequence[year] = sequence;
            var entry = new Entry(create(ComplaintGenerator.TrackingId(year, sequence)));
            _byId[entry.Complaint.TrackingId] = entry;
            Volatile.Write(ref _entries, [.. _entries, entry]);
            return entry;
        }
    }

    /// <summary>A complaint with its JSON computed once.</summary>
    internal sealed class Entry
    {
        public Entry(Complaint complaint)
        {
            Complaint = complaint;
            Object = Responses.Utf8Json(w => WriteComplaint(w, complaint));
            History = Responses.Utf8Json(w => WriteHistory(w, complaint));
        }

        public Complaint Complaint { get; }

        /// <summary>The complaint object.</summary>
        public byte[] Object { get; }

        /// <summary>The whole answer to a history request.</summary>
        public byte[] History { get; }

        private static void WriteComplaint(Utf8JsonWriter w, Complaint c)
        {
            w.WriteStartObject();
            w.WriteString("tracking_id", c.TrackingId);
            w.WriteString("title", c.Title);
            w.WriteString("content", c.Content);
            w.WriteString("category_code", c.CategoryCode);
            w.WriteString("status", c.Status);
            w.WriteNumber("created_at", c.CreatedAt.ToUnixTimeSeconds());
            w.WriteNumber("updated_at", c.UpdatedAt.ToUnixTimeSeconds());
            w.WriteStartObject("location");
            w.WriteNumber("lat", c.Location.Lat);
            w.WriteNumber("lng", c.Location.Lng);
            WriteNullableString(w, "kecamatan", c.Location.Kecamatan);
            WriteNullableString(w, "desa", c.Location.Desa);
            w.WriteEndObject();
            w.WriteBoolean("is_anonymous", c.IsAnonymous);
            WriteNullableString(w, "reporter_nik", c.ReporterNik?.Value);
            w.WriteString("agency_code", c.AgencyCode);
            w.WriteEndObject();
        }

        private static void WriteHistory(Utf8JsonWriter w, Complaint c)
        {
            w.WriteStartObject();
            w.WriteString("tracking_id", c.TrackingId);
            w.WriteStartArray("events");
            foreach (var e in c.History)
            {
                w.WriteStartObject();
                w.WriteString("status", e.Status);
                w.WriteNumber("at", e.At.ToUnixTimeSeconds());
                w.WriteString("note", e.Note);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null)
            {
                w.WriteNull(name);
            }
            else
            {
                w.WriteString(name, value);
            }
        }
    }
}
