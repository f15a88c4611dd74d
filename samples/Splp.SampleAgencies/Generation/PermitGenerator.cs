using System.Globalization;
using Splp.SampleAgencies.Dpmptsp;

namespace Splp.SampleAgencies.Generation;

/// <summary>Generates licence applications filed by adult residents, with a status history that fits the status.</summary>
internal sealed class PermitGenerator(Random random)
{
    private static readonly DateOnly FirstFiling = new(2025, 1, 2);
    private static readonly DateOnly LastFiling = new(2026, 3, 27);
    private static readonly DateOnly RecentFiling = new(2026, 1, 15);

    public List<PermitApplication> Generate(IReadOnlyList<Resident> residents, int count)
    {
        var r = random;
        var adults = residents.Where(p => ResidentGenerator.AgeAt(p.TanggalLahir) >= 21).ToArray();
        var types = PermitTypes.All.Select(t => (t, t.Weight)).ToArray();
        var drafts = new List<(DateTimeOffset Filed, Resident Applicant, PermitType Type)>(count);
        for (var i = 0; i < count; i++)
        {
            // A third of the applications are recent, so that every stage of the process is represented.
            var filed = OfficeTime(Wib.WorkingDayFrom(r.NextDate(r.Chance(0.35) ? RecentFiling : FirstFiling, LastFiling)));
            drafts.Add((filed, r.Pick(adults), r.PickWeighted(types)));
        }

        // Numbers run in filing order within a year, as an office counter would hand them out.
        drafts.Sort((a, b) => a.Filed.CompareTo(b.Filed));
        var applications = new List<PermitApplication>(count);
        var year = 0;
        var sequence = 0;
        foreach (var (filed, applicant, type) in drafts)
        {
            if (filed.Year != year)
            {
                year = filed.Year;
                sequence = 0;
            }

            sequence++;
            var history = History(filed, type);
            applications.Add(new PermitApplication
            {
                NoPermohonan = Number(year, sequence),
                NikPemohon = applicant.Nik,
                NamaPemohon = TextCase.ToTitle(applicant.NamaLengkap),
                JenisIzin = type.Code,
                NamaIzin = type.Name,
                NamaUsaha = type.ForBusiness ? BusinessName(applicant) : null,
                AlamatLokasi = string.Create(CultureInfo.InvariantCulture, $"{TextCase.ToTitle(applicant.Alamat)} RT {applicant.Rt:00} RW {applicant.Rw:00}"),
                Kecamatan = TextCase.ToTitle(applicant.Kecamatan),
                Desa = TextCase.ToTitle(applicant.Desa),
                TglPengajuan = filed,
                StatusPermohonan = history[^1].Status,
                Riwayat = history,
            });
        }

        return applications;
    }

    /// <summary>The application number format, e.g. <c>DPMPTSP-2026-000123</c>.</summary>
    public static string Number(int year, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"DPMPTSP-{year:0000}-{sequence:000000}");

    private List<PermitStatusChange> History(DateTimeOffset filed, PermitType type)
    {
        var r = random;
        var history = new List<PermitStatusChange> { new(PermitTypes.Diterima, filed, "Berkas diterima") };
        var rejected = r.Chance(0.08);

        // Some applications wait at a stage, e.g. for missing documents or an inspection slot.
        var waitsAt = rejected ? null : r.Next(100) switch
        {
            < 4 => PermitTypes.Diterima,
            < 10 => PermitTypes.Verifikasi,
            < 15 => PermitTypes.Survei,
            < 19 => PermitTypes.Disetujui,
            _ => null,
        };
        if (waitsAt == PermitTypes.Diterima)
        {
            return history;
        }

        var at = Next(filed, 0, 2);
        if (!TryAdd(history, PermitTypes.Verifikasi, at, "Verifikasi berkas oleh petugas"))
        {
            return history;
        }

        if (rejected && (!type.NeedsSurvey || r.Chance(0.5)))
        {
            TryAdd(history, PermitTypes.Ditolak, Next(at, 1, 5), "Berkas tidak lengkap, permohonan ditolak");
            return history;
        }

        if (waitsAt == PermitTypes.Verifikasi)
        {
            return history;
        }

        if (type.NeedsSurvey)
        {
            at = Next(at, 2, 7);
            if (!TryAdd(history, PermitTypes.Survei, at, "Survei lapangan oleh tim teknis"))
            {
                return history;
            }

            if (rejected)
            {
                TryAdd(history, PermitTypes.Ditolak, Next(at, 3, 10), "Hasil survei tidak sesuai ketentuan tata ruang");
                return history;
            }

            if (waitsAt == PermitTypes.Survei)
            {
                return history;
            }
        }

        at = Next(at, 1, 8);
        if (!TryAdd(history, PermitTypes.Disetujui, at, "Permohonan disetujui") || waitsAt == PermitTypes.Disetujui)
        {
            return history;
        }

        TryAdd(history, PermitTypes.Terbit, Next(at, 1, 3), "Izin terbit dan dapat diunduh");
        return history;
    }

    // Adds the change unless it would lie after the moment the data describes.
    private static bool TryAdd(List<PermitStatusChange> history, string status, DateTimeOffset at, string note)
    {
        if (at >= Wib.AsOf)
        {
            return false;
        }

        history.Add(new PermitStatusChange(status, at, note));
        return true;
    }

    private DateTimeOffset Next(DateTimeOffset after, int minDays, int maxDays)
    {
        var day = Wib.WorkingDayFrom(DateOnly.FromDateTime(after.DateTime).AddDays(random.Next(minDays, maxDays + 1)));
        var next = OfficeTime(day);
        return next > after ? next : after.AddMinutes(random.Next(20, 180));
    }

    private DateTimeOffset OfficeTime(DateOnly day) => Wib.At(day, random.Next(8, 15), random.Next(60), random.Next(60));

    private string BusinessName(Resident owner)
    {
        var kind = random.Pick(IndonesianNames.BusinessKinds);
        var name = random.Chance(0.5)
            ? kind + " " + random.Pick(IndonesianNames.BusinessSuffixes)
            : kind + " " + owner.NamaLengkap.Split(' ')[^1];
        return TextCase.ToTitle(name);
    }
}
