using System.Globalization;
using Splp.Contracts.Kependudukan;

namespace Splp.SampleAgencies.Generation;

/// <summary>Generates households of residents with consistent ages, marital status, NIKs and family cards.</summary>
internal sealed class ResidentGenerator
{
    public const string KepalaKeluarga = "KEPALA KELUARGA";
    public const string Istri = "ISTRI";
    public const string Anak = "ANAK";
    public const string FamiliLain = "FAMILI LAIN";

    private static readonly DateOnly MinBirth = new(1940, 1, 1);
    private static readonly DateOnly MaxBirth = new(2008, 12, 31);
    private static readonly DateOnly FirstCardIssue = new(2010, 1, 1);
    private static readonly DateOnly LastCardIssue = new(2025, 12, 31);

    private static readonly (string Item, int Weight)[] Religions =
    [
        ("ISLAM", 880), ("KATOLIK", 55), ("KRISTEN", 50), ("HINDU", 5), ("BUDHA", 8), ("KONGHUCU", 2),
    ];

    private static readonly (int Item, int Weight)[] HouseholdSizes = [(1, 10), (2, 20), (3, 25), (4, 25), (5, 13), (6, 7)];

    private static readonly (string Item, int Weight)[] WorkingMen =
    [
        ("KARYAWAN SWASTA", 25), ("WIRASWASTA", 18), ("PETANI/PEKEBUN", 9), ("BURUH HARIAN LEPAS", 12),
        ("PEGAWAI NEGERI SIPIL", 6), ("GURU", 4), ("PEDAGANG", 7), ("SOPIR", 3), ("TUKANG BATU", 3),
        ("KARYAWAN BUMN", 2), ("PERANGKAT DESA", 1), ("DOSEN", 1), ("TENTARA NASIONAL INDONESIA", 1),
        ("KEPOLISIAN RI", 1), ("BELUM/TIDAK BEKERJA", 3),
    ];

    private static readonly (string Item, int Weight)[] WorkingWomen =
    [
        ("MENGURUS RUMAH TANGGA", 30), ("KARYAWAN SWASTA", 20), ("WIRASWASTA", 10), ("PEDAGANG", 10), ("GURU", 6),
        ("PEGAWAI NEGERI SIPIL", 5), ("PETANI/PEKEBUN", 5), ("BURUH HARIAN LEPAS", 5), ("PERAWAT", 2), ("BIDAN", 1),
        ("DOSEN", 1), ("BELUM/TIDAK BEKERJA", 4),
    ];

    private static readonly (string Item, int Weight)[] Elderly =
    [
        ("PENSIUNAN", 15), ("PETANI/PEKEBUN", 25), ("WIRASWASTA", 10), ("PEDAGANG", 10), ("BELUM/TIDAK BEKERJA", 20),
        ("BURUH HARIAN LEPAS", 5),
    ];

    private static readonly (string Item, int Weight)[] YoungAdults =
    [
        ("PELAJAR/MAHASISWA", 80), ("KARYAWAN SWASTA", 8), ("BURUH HARIAN LEPAS", 4), ("BELUM/TIDAK BEKERJA", 6),
        ("WIRASWASTA", 2),
    ];

    private readonly Random _random;
    private readonly (Kecamatan Item, int Weight)[] _kecamatanWeights;
    private readonly Dictionary<string, int> _nikSerials = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _cardSerials = new(StringComparer.Ordinal);

    public ResidentGenerator(Random random)
    {
        _random = random;
        _kecamatanWeights = SlemanRegion.AllKecamatan.Select(k => (k, k.PopulationWeight)).ToArray();
    }

    public List<Family> Generate(int residentCount)
    {
        var families = new List<Family>();
        var remaining = residentCount;
        while (remaining > 0)
        {
            var family = NextFamily(remaining);
            families.Add(family);
            remaining -= family.Members.Count;
        }

        return families;
    }

    private Family NextFamily(int maxMembers)
    {
        var r = _random;
        var kecamatan = r.PickWeighted(_kecamatanWeights);
        var desa = r.Pick(kecamatan.Desa);
        var onStreet = r.Chance(kecamatan.Urban ? 0.7 : 0.25);
        var alamat = onStreet ? r.Pick(kecamatan.Streets) : "DUSUN " + r.Pick(SlemanRegion.Dusun);
        var rt = r.Next(1, 21);
        var rw = r.Next(1, 21);
        var agama = r.PickWeighted(Religions);
        var size = Math.Min(r.PickWeighted(HouseholdSizes), maxMembers);

        var plan = PlanMembers(size);
        var youngest = plan.Max(m => m.BirthDate);
        var issueFrom = youngest > FirstCardIssue ? youngest : FirstCardIssue;
        var issued = r.NextDate(issueFrom, LastCardIssue);
        var noKk = kecamatan.RegionCode + issued.ToString("ddMMyy", CultureInfo.InvariantCulture)
            + NextSerial(_cardSerials, kecamatan.RegionCode + issued.ToString("ddMMyy", CultureInfo.InvariantCulture))
                .ToString("0000", CultureInfo.InvariantCulture);

        string? fatherSecondName = null;
        var members = new List<Resident>(plan.Count);
        foreach (var member in plan)
        {
            var name = MakeName(member.Female, member.BirthDate.Year, agama, member.Role == Anak ? fatherSecondName : null);
            if (member.Role == KepalaKeluarga && !member.Female)
            {
                fatherSecondName = name.Contains(' ', StringComparison.Ordinal) ? name[(name.LastIndexOf(' ') + 1)..] : null;
            }

            var serial = NextSerial(_nikSerials, kecamatan.RegionCode + member.BirthDate.ToString("ddMMyy", CultureInfo.InvariantCulture));
            members.Add(new Resident
            {
                Nik = Nik.Create(kecamatan.RegionCode, member.BirthDate, member.Female, serial),
                NoKk = noKk,
                NamaLengkap = name,
                TempatLahir = member.Role == Anak
                    ? (r.Chance(0.8) ? "SLEMAN" : "YOGYAKARTA")
                    : r.PickWeighted(SlemanRegion.BirthPlaces),
                TanggalLahir = member.BirthDate,
                Female = member.Female,
                Agama = agama,
                StatusKawin = member.StatusKawin,
                Pekerjaan = Occupation(member.Female, member.BirthDate, kecamatan.Urban),
                Alamat = alamat,
                Rt = rt,
                Rw = rw,
                Desa = desa,
                Kecamatan = kecamatan.Name,
                Kabupaten = SlemanRegion.Kabupaten,
                Provinsi = SlemanRegion.Provinsi,
                StatusHubunganKeluarga = member.Role,
            });
        }

        return new Family(noKk, members);
    }

    private List<PlannedMember> PlanMembers(int size)
    {
        var r = _random;
        var members = new List<PlannedMember>(size);
        // Residents are at least 17 (KTP holders only), so heads young enough to have no adult children are rarer.
        var headBirth = r.Chance(0.9)
            ? r.NextDate(new DateOnly(1945, 1, 1), new DateOnly(1988, 12, 31))
            : r.NextDate(new DateOnly(1989, 1, 1), new DateOnly(2000, 12, 31));
        var headAge = AgeAt(headBirth);
        var married = size >= 2 && headAge >= 22 && r.Chance(0.85);

        // In a married couple's card the husband is the head; a woman heads a household on her own.
        var headFemale = !married && r.Chance(size == 1 ? 0.45 : 0.35);
        DateOnly? mother = headFemale ? headBirth : null;
        members.Add(new PlannedMember(KepalaKeluarga, headFemale, headBirth, "BELUM KAWIN"));
        if (married)
        {
            var wifeBirth = Clamp(headBirth.AddDays(r.Next(-365, 6 * 365)), MinBirth, new DateOnly(2002, 12, 31));
            members.Add(new PlannedMember(Istri, true, wifeBirth, "KAWIN"));
            mother = wifeBirth;
        }

        var parentBirth = mother ?? headBirth;
        if (members.Count < size && headBirth.Year >= 1968 && r.Chance(0.15))
        {
            var elderBirth = r.NextDate(MinBirth, new DateOnly(Math.Max(1940, headBirth.Year - 22), 12, 31));
            members.Add(new PlannedMember(FamiliLain, r.Chance(0.7), elderBirth, "CERAI MATI"));
        }

        var firstChild = parentBirth.AddYears(19);
        var lastChild = parentBirth.AddYears(42) < MaxBirth ? parentBirth.AddYears(42) : MaxBirth;
        var children = new List<DateOnly>();
        while (members.Count + children.Count < size && firstChild <= lastChild)
        {
            children.Add(r.NextDate(firstChild, lastChild));
        }

        children.Sort();
        foreach (var childBirth in children)
        {
            var childAge = AgeAt(childBirth);
            var status = childAge > 22 && r.Chance(0.12) ? "CERAI HIDUP" : "BELUM KAWIN";
            members.Add(new PlannedMember(Anak, r.Chance(0.5), childBirth, status));
        }

        members[0] = members[0] with { StatusKawin = HeadStatus(married, headAge, children.Count > 0) };

        // The family card lists other relatives after the children.
        return [.. members.Where(m => m.Role != FamiliLain), .. members.Where(m => m.Role == FamiliLain)];
    }

    private string HeadStatus(bool married, int age, bool hasChildren)
    {
        if (married)
        {
            return "KAWIN";
        }

        var r = _random;
        if (age >= 55)
        {
            return r.Chance(0.75) ? "CERAI MATI" : "CERAI HIDUP";
        }

        if (!hasChildren && r.Chance(age < 40 ? 0.85 : 0.35))
        {
            return "BELUM KAWIN";
        }

        return r.Chance(0.6) ? "CERAI HIDUP" : "CERAI MATI";
    }

    private string Occupation(bool female, DateOnly birthDate, bool urban)
    {
        var r = _random;
        var age = AgeAt(birthDate);
        if (age <= 22 || (age <= 24 && r.Chance(0.4)))
        {
            return r.PickWeighted(YoungAdults);
        }

        if (age >= 75 && r.Chance(0.7))
        {
            return female && r.Chance(0.5) ? "MENGURUS RUMAH TANGGA" : "BELUM/TIDAK BEKERJA";
        }

        if (age >= 60)
        {
            return female && r.Chance(0.4) ? "MENGURUS RUMAH TANGGA" : r.PickWeighted(Elderly);
        }

        if (!urban && r.Chance(0.12))
        {
            return "PETANI/PEKEBUN";
        }

        return r.PickWeighted(female ? WorkingWomen : WorkingMen);
    }

    private string MakeName(bool female, int birthYear, string agama, string? fatherSecondName)
    {
        var r = _random;
        if (birthYear < 1960 && r.Chance(0.6))
        {
            return r.Pick(female ? IndonesianNames.OldFemale : IndonesianNames.OldMale);
        }

        var first = birthYear >= 1995 && r.Chance(0.6)
            ? r.Pick(female ? IndonesianNames.YoungFemale : IndonesianNames.YoungMale)
            : r.Pick(female ? IndonesianNames.Female : IndonesianNames.Male);
        var parts = new List<string>(4);
        if (agama is "KATOLIK" or "KRISTEN" && r.Chance(0.5))
        {
            parts.Add(r.Pick(female ? IndonesianNames.ChristianFemale : IndonesianNames.ChristianMale));
        }

        parts.Add(first);
        if (r.Chance(0.25))
        {
            var middle = r.Pick(female ? IndonesianNames.Female : IndonesianNames.Male);
            if (!parts.Contains(middle))
            {
                parts.Add(middle);
            }
        }

        var last = !female && fatherSecondName is not null && r.Chance(0.4)
            ? fatherSecondName
            : r.Pick(female ? IndonesianNames.FemaleSecond : IndonesianNames.MaleSecond);
        if (!parts.Contains(last))
        {
            parts.Add(last);
        }

        return string.Join(' ', parts);
    }

    private static int NextSerial(Dictionary<string, int> serials, string key)
    {
        serials.TryGetValue(key, out var last);
        serials[key] = last + 1;
        return last + 1;
    }

    internal static int AgeAt(DateOnly birthDate)
    {
        var asOf = DateOnly.FromDateTime(Wib.AsOf.DateTime);
        var age = asOf.Year - birthDate.Year;
        return birthDate.AddYears(age) > asOf ? age - 1 : age;
    }

    private static DateOnly Clamp(DateOnly value, DateOnly min, DateOnly max) =>
        value < min ? min : value > max ? max : value;

    private sealed record PlannedMember(string Role, bool Female, DateOnly BirthDate, string StatusKawin);
}
