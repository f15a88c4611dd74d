using System.Collections.Frozen;
using Splp.Contracts.Kependudukan;
using Splp.SampleAgencies.Generation;

namespace Splp.SampleAgencies;

/// <summary>
/// Deterministic synthetic data for Kabupaten Sleman, DI Yogyakarta, shared by the four sample agencies:
/// residents in households, licence applications, tax objects with bills and public complaints, all
/// derived from the residents so that NIKs line up across agencies. Immutable once created.
/// </summary>
/// <remarks>
/// The same seed and size always give the same data. The data describes the regency as of
/// <see cref="AsOf"/>: nothing in it happens later.
/// </remarks>
public sealed class SampleDataSet
{
    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 20261123;

    /// <summary>The default number of residents.</summary>
    public const int DefaultResidents = 500;

    private static readonly Lazy<SampleDataSet> LazyDefault = new(() => Create(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly FrozenDictionary<string, Resident> _residentsByNik;
    private readonly FrozenDictionary<string, Family> _familiesByNoKk;

    private SampleDataSet(int seed, List<Family> families, List<PermitApplication> permits, List<TaxObject> taxObjects, List<Complaint> complaints)
    {
        Seed = seed;
        Families = families.AsReadOnly();
        Residents = families.SelectMany(f => f.Members).ToList().AsReadOnly();
        PermitApplications = permits.AsReadOnly();
        TaxObjects = taxObjects.AsReadOnly();
        Complaints = complaints.AsReadOnly();
        _residentsByNik = Residents.ToFrozenDictionary(p => p.Nik.Value, StringComparer.Ordinal);
        _familiesByNoKk = Families.ToFrozenDictionary(f => f.NoKk, StringComparer.Ordinal);
    }

    /// <summary>The shared data set with the default seed and size, created on first use.</summary>
    public static SampleDataSet Default => LazyDefault.Value;

    /// <summary>The moment the data describes: 1 April 2026 00:00 WIB (UTC+7).</summary>
    public static DateTimeOffset AsOf => Wib.AsOf;

    /// <summary>The seed the data was generated from.</summary>
    public int Seed { get; }

    /// <summary>Every resident, household by household, each head of family first.</summary>
    public IReadOnlyList<Resident> Residents { get; }

    /// <summary>The households (family cards).</summary>
    public IReadOnlyList<Family> Families { get; }

    /// <summary>Licence applications at DPMPTSP, in filing order; applicants are adult residents.</summary>
    public IReadOnlyList<PermitApplication> PermitApplications { get; }

    /// <summary>Tax objects at Bapenda with their bills; taxpayers are residents.</summary>
    public IReadOnlyList<TaxObject> TaxObjects { get; }

    /// <summary>Complaints in the complaint system, in filing order; reporters are residents.</summary>
    public IReadOnlyList<Complaint> Complaints { get; }

    /// <summary>Generates a data set.</summary>
    /// <param name="seed">The seed of the <see cref="Random"/> every value is drawn from.</param>
    /// <param name="residents">The number of residents, 1–100,000.</param>
    public static SampleDataSet Create(int seed = DefaultSeed, int residents = DefaultResidents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(residents, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(residents, 100_000);
        var random = new Random(seed);
        var families = new ResidentGenerator(random).Generate(residents);
        var people = families.SelectMany(f => f.Members).ToList();
        var permits = new PermitGenerator(random).Generate(people, Math.Max(40, residents * 3 / 10));
        var taxObjects = new TaxGenerator(random).Generate(families);
        var complaints = new ComplaintGenerator(random).Generate(people, 150 + (residents / 10));
        return new SampleDataSet(seed, families, permits, taxObjects, complaints);
    }

    /// <summary>Finds a resident by NIK.</summary>
    public Resident? FindResident(Nik nik) => _residentsByNik.GetValueOrDefault(nik.Value);

    /// <summary>Finds a household by family card number.</summary>
    public Family? FindFamily(string noKk) => _familiesByNoKk.GetValueOrDefault(noKk);
}
