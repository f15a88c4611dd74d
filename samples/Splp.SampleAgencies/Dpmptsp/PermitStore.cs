using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Splp.SampleAgencies.Generation;
using Splp.SampleAgencies.Http;

namespace Splp.SampleAgencies.Dpmptsp;

/// <summary>The applications of one DPMPTSP app: the seeded ones plus those posted since start, thread-safe.</summary>
internal sealed class PermitStore
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Entry> _byNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<int, int> _lastSequence = [];

    // Copy-on-write: readers take the array without locking; posts are rare.
    private Entry[] _entries;

    public PermitStore(IEnumerable<PermitApplication> applications)
    {
        var entries = new List<Entry>();
        foreach (var application in applications)
        {
            var entry = new Entry(application);
            entries.Add(entry);
            _byNumber[application.NoPermohonan] = entry;
            var (year, sequence) = ParseNumber(application.NoPermohonan);
            _lastSequence[year] = Math.Max(sequence, _lastSequence.GetValueOrDefault(year));
        }

        _entries = [.. entries];
    }

    /// <summary>Every application in filing order.</summary>
    public Entry[] Snapshot => Volatile.Read(ref _entries);

    public bool TryGet(string number, out Entry entry) => _byNumber.TryGetValue(number, out entry!);

    /// <summary>Stores a new application, numbering it in the year of <paramref name="filed"/>.</summary>
    public Entry Add(DateTimeOffset filed, Func<string, PermitApplication> create)
    {
        lock (_gate)
        {
            var sequence = _lastSequence.GetValueOrDefault(filed.Year) + 1;
            _lastSequence[filed.Year] = sequence;
            var entry = new Entry(create(PermitGenerator.Number(filed.Year, sequence)));
            _byNumber[entry.Application.NoPermohonan] = entry;
            Volatile.Write(ref _entries, [.. _entries, entry]);
            return entry;
        }
    }

    private static (int Year, int Sequence) ParseNumber(string number) =>
        (int.Parse(number.AsSpan(8, 4), CultureInfo.InvariantCulture), int.Parse(number.AsSpan(13), CultureInfo.InvariantCulture));

    /// <summary>An application with its JSON computed once.</summary>
    internal sealed class Entry
    {
        public Entry(PermitApplication application)
        {
            Application = application;
            Data = Responses.Utf8Json(w => Write(w, application));
            Found = Responses.Utf8Json(w => DpmptspApp.WriteEnvelope(w, Data, "Data ditemukan"));
        }

        public PermitApplication Application { get; }

        /// <summary>The application object.</summary>
        public byte[] Data { get; }

        /// <summary>The whole 200 answer to a lookup by number.</summary>
        public byte[] Found { get; }

        private static void Write(Utf8JsonWriter w, PermitApplication a)
        {
            w.WriteStartObject();
            w.WriteString("no_permohonan", a.NoPermohonan);
            w.WriteString("nik_pemohon", a.NikPemohon.Value);
            w.WriteString("nama_pemohon", a.NamaPemohon);
            w.WriteString("jenis_izin", a.JenisIzin);
            w.WriteString("nama_izin", a.NamaIzin);
            if (a.NamaUsaha is null)
            {
                w.WriteNull("nama_usaha");
            }
            else
            {
                w.WriteString("nama_usaha", a.NamaUsaha);
            }

            w.WriteString("alamat_lokasi", a.AlamatLokasi);
            w.WriteString("kecamatan", a.Kecamatan);
            w.WriteString("desa", a.Desa);
            w.WriteString("tgl_pengajuan", LocalTime(a.TglPengajuan));
            w.WriteString("status_permohonan", a.StatusPermohonan);
            w.WriteStartArray("riwayat");
            foreach (var change in a.Riwayat)
            {
                w.WriteStartObject();
                w.WriteString("status", change.Status);
                w.WriteString("waktu", LocalTime(change.Waktu));
                w.WriteString("keterangan", change.Keterangan);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static string LocalTime(DateTimeOffset value) =>
            value.ToOffset(Wib.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }
}
