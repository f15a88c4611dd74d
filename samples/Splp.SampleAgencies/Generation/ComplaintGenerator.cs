using System.Globalization;
using Splp.SampleAgencies.Lapor;

namespace Splp.SampleAgencies.Generation;

/// <summary>Generates complaints about places in Sleman, filed by residents, with a status history that fits.</summary>
internal sealed class ComplaintGenerator(Random random)
{
    private static readonly DateTimeOffset FirstFiling = new(2025, 1, 1, 0, 0, 0, Wib.Offset);
    private static readonly DateTimeOffset LastFiling = new(2026, 3, 28, 0, 0, 0, Wib.Offset);
    private static readonly DateTimeOffset RecentFiling = new(2026, 2, 12, 0, 0, 0, Wib.Offset);

    // {0} street, {1} desa, {2} kecamatan, {3} dusun; all in title case.
    private static readonly Dictionary<string, (string Title, string Content)[]> Templates = new(StringComparer.Ordinal)
    {
        ["INFRA"] =
        [
            ("Jalan berlubang di {0}", "Jalan di {0} berlubang cukup dalam dan sudah beberapa kali membuat pengendara motor jatuh, terutama saat hujan. Mohon segera diperbaiki."),
            ("Lampu penerangan jalan mati di Dusun {3}", "Sudah lebih dari dua minggu lampu PJU di Dusun {3}, Desa {1} mati sehingga jalan sangat gelap pada malam hari dan rawan kejahatan."),
            ("Jembatan rusak di Desa {1}", "Pagar jembatan di Desa {1} rusak dan lantainya mulai retak. Warga khawatir jembatan ambrol bila dilewati kendaraan berat."),
            ("Drainase tersumbat di {0}", "Saluran drainase di {0} tersumbat sampah dan lumpur sehingga air meluap ke jalan setiap hujan deras."),
            ("Trotoar rusak di {0}", "Trotoar di {0} banyak yang ambles dan paving lepas sehingga membahayakan pejalan kaki, terutama lansia."),
        ],
        ["LINGKUNGAN"] =
        [
            ("Sampah menumpuk di pinggir {0}", "Tumpukan sampah liar di pinggir {0} sudah berhari-hari tidak diangkut, menimbulkan bau tidak sedap dan banyak lalat."),
            ("Banjir saat hujan di Desa {1}", "Setiap hujan deras, permukiman warga di Desa {1} tergenang air setinggi lutut karena saluran air tidak memadai."),
            ("Limbah peternakan dibuang ke sungai di Desa {1}", "Ada usaha peternakan di Desa {1} yang membuang limbahnya langsung ke sungai sehingga air berbau dan keruh."),
            ("Pembakaran sampah di Dusun {3}", "Warga sering membakar sampah plastik di Dusun {3} sehingga asapnya mengganggu pernapasan anak-anak."),
            ("Depo sampah {2} penuh", "Depo sampah di Kecamatan {2} penuh dan sampah meluber ke jalan karena jadwal pengangkutan tidak menentu."),
        ],
        ["ADMINDUK"] =
        [
            ("Pelayanan KTP-el lambat di Kecamatan {2}", "Saya sudah melakukan perekaman KTP-el di kantor Kecamatan {2} lebih dari sebulan lalu tetapi sampai sekarang KTP belum jadi dengan alasan blangko habis."),
            ("Kartu Keluarga belum selesai diproses", "Pengajuan perubahan Kartu Keluarga setelah kelahiran anak kedua saya belum selesai padahal sudah tiga minggu."),
            ("Antrean Disdukcapil terlalu panjang", "Antrean di kantor Disdukcapil Sleman sangat panjang, nomor antrean habis sejak pagi sehingga warga harus datang berkali-kali."),
            ("Akta kelahiran salah tulis nama", "Nama anak saya pada akta kelahiran salah ketik dan proses pembetulannya belum ada kejelasan."),
        ],
        ["KESEHATAN"] =
        [
            ("Antrean Puskesmas {2} sangat lama", "Pasien di Puskesmas {2} harus menunggu lebih dari tiga jam untuk diperiksa, sementara loket pendaftaran hanya satu."),
            ("Obat di puskesmas sering kosong", "Obat untuk penyakit kronis di puskesmas sering kosong sehingga pasien BPJS harus membeli sendiri di apotek."),
            ("Fogging demam berdarah belum dilakukan di Desa {1}", "Sudah ada tiga warga Desa {1} terkena DBD bulan ini, mohon segera dilakukan fogging dan pemberantasan sarang nyamuk."),
        ],
        ["PENDIDIKAN"] =
        [
            ("Pungutan di sekolah negeri di {2}", "Orang tua murid di salah satu SD negeri di Kecamatan {2} dimintai iuran untuk pembangunan pagar sekolah."),
            ("Atap ruang kelas SD di Desa {1} bocor", "Atap beberapa ruang kelas di SD negeri di Desa {1} bocor sehingga kegiatan belajar terganggu saat hujan."),
            ("Informasi PPDB zonasi tidak jelas", "Informasi jalur zonasi PPDB SMP negeri tahun ini membingungkan dan laman pendaftaran sering tidak bisa diakses."),
        ],
        ["PERIZINAN"] =
        [
            ("Proses PBG terlalu lama", "Permohonan PBG rumah tinggal saya sudah lebih dari dua bulan belum selesai dan statusnya masih verifikasi."),
            ("Bangunan tanpa izin di {0}", "Ada bangunan ruko baru di {0} yang diduga belum memiliki PBG dan memakan bahu jalan."),
            ("Reklame liar di {0}", "Banyak baliho dan spanduk liar dipasang di pohon dan tiang listrik sepanjang {0}."),
        ],
        ["SOSIAL"] =
        [
            ("Bantuan sosial tidak tepat sasaran di Desa {1}", "Penerima bansos di Desa {1} banyak yang tergolong mampu, sedangkan warga miskin justru tidak terdaftar di DTKS."),
            ("Lansia terlantar di Dusun {3}", "Ada warga lansia yang tinggal sendiri di Dusun {3} dalam kondisi sakit dan tidak ada yang merawat."),
            ("Pendaftaran PKH tidak ada kejelasan", "Saya sudah mengajukan diri sebagai penerima PKH melalui desa sejak tahun lalu tetapi belum ada kabar."),
        ],
        ["KEAMANAN"] =
        [
            ("Balap liar di {0} setiap malam minggu", "Setiap malam minggu banyak remaja melakukan balap liar di {0} sehingga meresahkan warga dan membahayakan pengguna jalan."),
            ("Parkir liar di {0}", "Parkir liar di sepanjang {0} membuat jalan menyempit dan sering macet, juru parkir juga menarik tarif di atas ketentuan."),
            ("Klitih meresahkan warga Desa {1}", "Aksi kejahatan jalanan (klitih) terjadi lagi di sekitar Desa {1}. Warga meminta patroli malam ditingkatkan."),
        ],
    };

    public List<Complaint> Generate(IReadOnlyList<Resident> residents, int count)
    {
        var r = random;
        var categories = ComplaintCategories.All.Select(c => (c, c.Weight)).ToArray();
        var kecamatanWeights = SlemanRegion.AllKecamatan.Select(k => (k, k.PopulationWeight)).ToArray();
        var residentsByKecamatan = residents.GroupBy(p => p.Kecamatan, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        var drafts = new List<Draft>(count);
        for (var i = 0; i < count; i++)
        {
            // A third are recent, so that open complaints in every status exist.
            var from = r.Chance(0.3) ? RecentFiling : FirstFiling;
            var created = from.AddSeconds(r.NextInt64((long)(LastFiling - from).TotalSeconds));
            created = created.Hour < 6 ? created.AddHours(7) : created;
            var category = r.PickWeighted(categories);
            var kecamatan = r.PickWeighted(kecamatanWeights);
            var desa = r.Pick(kecamatan.Desa);
            var (title, content) = r.Pick(Templates[category.Code]);
            var street = TextCase.ToTitle(r.Pick(kecamatan.Streets));
            var dusun = TextCase.ToTitle(r.Pick(SlemanRegion.Dusun));
            var args = new object[] { street, TextCase.ToTitle(desa), TextCase.ToTitle(kecamatan.Name), dusun };
            var lat = Math.Round(Math.Clamp(kecamatan.Latitude + ((r.NextDouble() - 0.5) * 0.03), SlemanRegion.MinLatitude, SlemanRegion.MaxLatitude), 4);
            var lng = Math.Round(Math.Clamp(kecamatan.Longitude + ((r.NextDouble() - 0.5) * 0.03), SlemanRegion.MinLongitude, SlemanRegion.MaxLongitude), 4);
            var anonymous = r.Chance(0.2);
            var reporter = residentsByKecamatan.TryGetValue(kecamatan.Name, out var locals) && r.Chance(0.8)
                ? r.Pick(locals)
                : r.Pick(residents);
            drafts.Add(new Draft(
                created,
                string.Format(CultureInfo.InvariantCulture, title, args),
                string.Format(CultureInfo.InvariantCulture, content, args),
                category,
                new ComplaintLocation(lat, lng, kecamatan.Name, desa),
                anonymous,
                anonymous ? null : reporter));
        }

        drafts.Sort((a, b) => a.Created.CompareTo(b.Created));
        var complaints = new List<Complaint>(count);
        var year = 0;
        var sequence = 0;
        foreach (var draft in drafts)
        {
            if (draft.Created.Year != year)
            {
                year = draft.Created.Year;
                sequence = 0;
            }

            sequence++;
            var history = History(draft.Created, draft.Category.AgencyCode);
            complaints.Add(new Complaint
            {
                TrackingId = TrackingId(year, sequence),
                Title = draft.Title,
                Content = draft.Content,
                CategoryCode = draft.Category.Code,
                Status = history[^1].Status,
                CreatedAt = draft.Created,
                UpdatedAt = history[^1].At,
                Location = draft.Location,
                IsAnonymous = draft.Anonymous,
                ReporterNik = draft.Reporter?.Nik,
                AgencyCode = draft.Category.AgencyCode,
                History = history,
            });
        }

        return complaints;
    }

    /// <summary>The tracking id format, e.g. <c>LAPOR-2026-00012</c>.</summary>
    public static string TrackingId(int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"LAPOR-{year:0000}-{sequence:00000}");

    private List<ComplaintEvent> History(DateTimeOffset created, string agency)
    {
        var r = random;
        var history = new List<ComplaintEvent> { new(ComplaintCategories.Submitted, created, "Laporan diterima") };
        if (r.Chance(0.08))
        {
            TryAdd(history, ComplaintCategories.Rejected, created.AddHours(r.Next(4, 72)),
                r.Chance(0.5) ? "Laporan tidak dapat diproses karena informasi kurang lengkap" : "Laporan duplikat dengan laporan sebelumnya");
            return history;
        }

        var at = created.AddHours(r.Next(2, 72));
        if (r.Chance(0.05) || !TryAdd(history, ComplaintCategories.Verified, at, "Laporan diverifikasi dan diteruskan ke " + agency) || r.Chance(0.05))
        {
            return history;
        }

        at = at.AddHours(r.Next(24, 7 * 24));
        if (!TryAdd(history, ComplaintCategories.InProgress, at, "Laporan sedang ditindaklanjuti oleh " + agency) || r.Chance(0.1))
        {
            return history;
        }

        at = at.AddHours(r.Next(2 * 24, 30 * 24));
        if (!TryAdd(history, ComplaintCategories.Resolved, at, agency + ": tindak lanjut telah selesai dilaksanakan") || r.Chance(0.1))
        {
            return history;
        }

        TryAdd(history, ComplaintCategories.Closed, at.AddHours(r.Next(3 * 24, 7 * 24)), "Laporan ditutup");
        return history;
    }

    private static bool TryAdd(List<ComplaintEvent> history, string status, DateTimeOffset at, string note)
    {
        if (at >= Wib.AsOf)
        {
            return false;
        }

        history.Add(new ComplaintEvent(status, at, note));
        return true;
    }

    private sealed record Draft(
        DateTimeOffset Created,
        string Title,
        string Content,
        ComplaintCategory Category,
        ComplaintLocation Location,
        bool Anonymous,
        Resident? Reporter);
}
