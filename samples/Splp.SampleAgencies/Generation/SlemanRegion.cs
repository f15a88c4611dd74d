namespace Splp.SampleAgencies.Generation;

/// <summary>One kecamatan of Kabupaten Sleman with the reference data the generators draw from.</summary>
/// <param name="Code">The official 2-digit kecamatan code within Sleman (01–17).</param>
/// <param name="Name">The name in upper case, as the civil registry writes it.</param>
/// <param name="Desa">Some of its desa/kelurahan, upper case.</param>
/// <param name="Streets">Some of its roads, as written in an address.</param>
/// <param name="Latitude">Approximate centre latitude.</param>
/// <param name="Longitude">Approximate centre longitude.</param>
/// <param name="PopulationWeight">Relative population, used to place households.</param>
/// <param name="LandNjopPerSquareMetre">Typical NJOP (tax value) of land per m², rupiah.</param>
/// <param name="Urban">Whether addresses are mostly streets rather than dusun.</param>
internal sealed record Kecamatan(
    int Code,
    string Name,
    string[] Desa,
    string[] Streets,
    double Latitude,
    double Longitude,
    int PopulationWeight,
    long LandNjopPerSquareMetre,
    bool Urban)
{
    /// <summary>The 6-digit region code used in NIK and family card numbers, e.g. <c>340407</c>.</summary>
    public string RegionCode { get; } = SlemanRegion.RegencyCode + Code.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Reference data for Kabupaten Sleman, DI Yogyakarta (province 34, regency 04).</summary>
internal static class SlemanRegion
{
    public const string ProvinceCode = "34";
    public const string RegencyCode = "3404";
    public const string Kabupaten = "SLEMAN";
    public const string Provinsi = "DI YOGYAKARTA";

    // Bounding box of the regency used for complaint coordinates.
    public const double MinLatitude = -7.85;
    public const double MaxLatitude = -7.55;
    public const double MinLongitude = 110.25;
    public const double MaxLongitude = 110.55;

    public static IReadOnlyList<Kecamatan> AllKecamatan { get; } =
    [
        new(1, "GAMPING", ["AMBARKETAWANG", "BALECATUR", "BANYURADEN", "NOGOTIRTO", "TRIHANGGO"],
            ["JL. WATES KM 5", "JL. GODEAN KM 4", "JL. RING ROAD BARAT", "JL. AMBARKETAWANG"], -7.7960, 110.3280, 105, 1_400_000, true),
        new(2, "GODEAN", ["SIDOAGUNG", "SIDOARUM", "SIDOKARTO", "SIDOMOYO", "SIDOREJO"],
            ["JL. GODEAN KM 10", "JL. SIDOARUM", "JL. GODEAN KM 12"], -7.7700, 110.2950, 70, 900_000, false),
        new(3, "MOYUDAN", ["SUMBERAGUNG", "SUMBERARUM", "SUMBERRAHAYU", "SUMBERSARI"],
            ["JL. MOYUDAN", "JL. SENTOLO-MOYUDAN"], -7.7700, 110.2600, 32, 450_000, false),
        new(4, "MINGGIR", ["SENDANGAGUNG", "SENDANGARUM", "SENDANGMULYO", "SENDANGREJO", "SENDANGSARI"],
            ["JL. RAYA MINGGIR", "JL. MINGGIR-KEBONAGUNG"], -7.7300, 110.2600, 32, 450_000, false),
        new(5, "SEYEGAN", ["MARGOAGUNG", "MARGODADI", "MARGOKATON", "MARGOLUWIH", "MARGOMULYO"],
            ["JL. SEYEGAN-GODEAN", "JL. MARGOKATON"], -7.7200, 110.3000, 50, 600_000, false),
        new(6, "MLATI", ["SINDUADI", "SENDANGADI", "TLOGOADI", "TIRTOADI", "SUMBERADI"],
            ["JL. MAGELANG KM 6", "JL. MONUMEN JOGJA KEMBALI", "JL. KEBON AGUNG", "JL. SENDANGADI"], -7.7400, 110.3500, 100, 1_800_000, true),
        new(7, "DEPOK", ["CATURTUNGGAL", "MAGUWOHARJO", "CONDONGCATUR"],
            ["JL. KALIURANG KM 5", "JL. AFFANDI", "JL. SETURAN RAYA", "JL. BABARSARI", "JL. SOLO KM 8", "JL. RING ROAD UTARA"], -7.7600, 110.4000, 120, 2_500_000, true),
        new(8, "BERBAH", ["SENDANGTIRTO", "TEGALTIRTO", "JOGOTIRTO", "KALITIRTO"],
            ["JL. RAYA BERBAH", "JL. BERBAH-PRAMBANAN", "JL. KALITIRTO"], -7.8000, 110.4400, 55, 800_000, false),
        new(9, "PRAMBANAN", ["BOKOHARJO", "SUMBERHARJO", "WUKIRHARJO", "MADUREJO", "SAMBIREJO"],
            ["JL. SOLO KM 16", "JL. PRAMBANAN-PIYUNGAN", "JL. CANDI BOKO"], -7.7800, 110.5000, 50, 600_000, false),
        new(10, "KALASAN", ["PURWOMARTANI", "TIRTOMARTANI", "TAMANMARTANI", "SELOMARTANI"],
            ["JL. SOLO KM 12", "JL. TAJEM", "JL. CANDI SARI"], -7.7600, 110.4600, 85, 1_100_000, true),
        new(11, "NGEMPLAK", ["WEDOMARTANI", "UMBULMARTANI", "WIDODOMARTANI", "BIMOMARTANI", "SINDUMARTANI"],
            ["JL. TAJEM KM 6", "JL. NGEMPLAK RAYA", "JL. WEDOMARTANI"], -7.7000, 110.4400, 65, 900_000, false),
        new(12, "NGAGLIK", ["SARIHARJO", "MINOMARTANI", "SINDUHARJO", "SUKOHARJO", "SARDONOHARJO", "DONOHARJO"],
            ["JL. KALIURANG KM 10", "JL. PALAGAN TENTARA PELAJAR", "JL. MONJALI", "JL. GADING"], -7.7100, 110.4000, 110, 1_600_000, true),
        new(13, "SLEMAN", ["CATURHARJO", "TRIHARJO", "TRIDADI", "PANDOWOHARJO", "TRIMULYO"],
            ["JL. MAGELANG KM 13", "JL. PARASAMYA", "JL. DR. RADJIMAN"], -7.6800, 110.3300, 65, 1_000_000, true),
        new(14, "TEMPEL", ["BANYUREJO", "TAMBAKREJO", "SUMBERREJO", "PONDOKREJO", "MOROREJO", "MARGOREJO", "LUMBUNGREJO", "MERDIKOREJO"],
            ["JL. MAGELANG KM 19", "JL. TEMPEL-SEYEGAN"], -7.6500, 110.3200, 50, 550_000, false),
        new(15, "TURI", ["BANGUNKERTO", "DONOKERTO", "GIRIKERTO", "WONOKERTO"],
            ["JL. RAYA TURI", "JL. TURI-PULOWATU"], -7.6300, 110.3700, 35, 450_000, false),
        new(16, "PAKEM", ["PURWOBINANGUN", "CANDIBINANGUN", "HARJOBINANGUN", "PAKEMBINANGUN", "HARGOBINANGUN"],
            ["JL. KALIURANG KM 17", "JL. PAKEM-TURI"], -7.6300, 110.4200, 37, 700_000, false),
        new(17, "CANGKRINGAN", ["WUKIRSARI", "ARGOMULYO", "GLAGAHARJO", "KEPUHARJO", "UMBULHARJO"],
            ["JL. CANGKRINGAN", "JL. KALIADEM"], -7.6200, 110.4600, 30, 400_000, false),
    ];

    /// <summary>Common dusun (hamlet) names used for rural addresses.</summary>
    public static IReadOnlyList<string> Dusun { get; } =
    [
        "KRAJAN", "KARANGANYAR", "NGENTAK", "JETIS", "PEPE", "KADIPIRO", "SOROGENEN", "NGABEAN", "KARANGMLOKO",
        "PLOSOKUNING", "KALIMANJUNG", "MANCASAN", "KRONGGAHAN", "PRINGWULUNG", "BODEH", "KADISOKA", "GENITEM",
        "NGRANGSAN", "KEMIRI", "DUKUH", "SOROWAJAN", "BLUNYAH", "GANCAHAN", "JAMBON",
    ];

    /// <summary>Birth places: mostly the regency itself, then its neighbours and the big cities.</summary>
    public static IReadOnlyList<(string Place, int Weight)> BirthPlaces { get; } =
    [
        ("SLEMAN", 55), ("YOGYAKARTA", 14), ("BANTUL", 7), ("KULON PROGO", 4), ("GUNUNGKIDUL", 4), ("KLATEN", 4),
        ("MAGELANG", 4), ("PURWOREJO", 2), ("SURAKARTA", 2), ("SEMARANG", 1), ("JAKARTA", 2), ("BOYOLALI", 1),
    ];

    private static readonly Dictionary<string, Kecamatan> ByName = AllKecamatan.ToDictionary(k => k.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Finds a kecamatan by name, ignoring case.</summary>
    public static Kecamatan? Find(string? name) =>
        name is not null && ByName.TryGetValue(name.Trim(), out var kecamatan) ? kecamatan : null;
}
