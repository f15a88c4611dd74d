namespace Splp.SampleAgencies.Generation;

/// <summary>Given names and second names, Javanese-flavoured and general Indonesian, by gender and generation.</summary>
internal static class IndonesianNames
{
    // Single names common among Javanese born before about 1960.
    public static readonly string[] OldMale =
    [
        "SUKIMAN", "SUPARDI", "SUKIRMAN", "PAIJO", "KARTO", "MARIJAN", "SUWARNO", "SUMARNO", "TUKIMAN", "SARDJONO",
        "SUTARJO", "WAGIMAN", "PAIMIN", "SUGIMAN", "RAHARJO", "TUGIYO", "SUMADI", "PARJIMAN",
    ];

    public static readonly string[] OldFemale =
    [
        "PAINEM", "SUMARNI", "SUKINEM", "PARIYEM", "SUGIYEM", "TUMINAH", "WAGINEM", "JUMINEM", "SUPARMI", "SUMIYATI",
        "TUKIYEM", "SARINAH", "NGATINEM", "MARSINAH", "KASIYEM", "SURATMI",
    ];

    public static readonly string[] Male =
    [
        "BUDI", "AGUS", "BAMBANG", "SUPRIYADI", "SUTRISNO", "JOKO", "WAHYU", "EKO", "ARIF", "HERU", "SLAMET", "TRI",
        "ADI", "HENDRA", "TEGUH", "PURNOMO", "SUGENG", "YUDHA", "ANDRI", "DANANG", "HARI", "DWI", "BENI", "RUDI",
        "YOGI", "ANTON", "IRWAN", "DEDI", "AHMAD", "MUHAMMAD", "TAUFIK", "NUR",
    ];

    public static readonly string[] Female =
    [
        "SITI", "SRI", "ENDANG", "WAHYUNI", "RATNA", "DEWI", "INDAH", "RINI", "YULI", "ANI", "TUTIK", "KARTINI",
        "WULAN", "DIAH", "LESTARI", "PUJI", "ERNA", "NUR", "FITRI", "RETNO", "WIWIK", "NANIK", "YUNI", "ANIK",
        "TITIK", "EVI", "NOVI", "DWI",
    ];

    // Names popular for children born from the mid-1990s.
    public static readonly string[] YoungMale =
    [
        "RIZKY", "FAJAR", "DIMAS", "BAYU", "ARYA", "RAFI", "GALIH", "ADITYA", "RAKA", "BIMO", "SATRIO", "ILHAM",
        "FARHAN", "ALIF", "NAUFAL", "DAFFA", "KEVIN", "REZA", "YOGA", "ANGGA",
    ];

    public static readonly string[] YoungFemale =
    [
        "NADIA", "ANISA", "PUTRI", "AYU", "SALSABILA", "NABILA", "ALYA", "ZAHRA", "KIRANA", "LARAS", "SEKAR",
        "AULIA", "DINDA", "NAJWA", "FANI", "TIARA", "AMELIA", "CITRA", "RARA", "INTAN",
    ];

    public static readonly string[] MaleSecond =
    [
        "SANTOSO", "PRASETYO", "NUGROHO", "WIBOWO", "SAPUTRA", "HIDAYAT", "KURNIAWAN", "SETIAWAN", "SUSANTO",
        "HARYANTO", "PURNAMA", "WIJAYA", "RAHARJO", "SUGIARTO", "PRATAMA", "FIRMANSYAH", "SETIADI", "GUNAWAN",
        "SUBAGYO", "WIDODO", "SULISTYO", "HERMAWAN", "RAMADHAN", "SUHARTONO",
    ];

    public static readonly string[] FemaleSecond =
    [
        "RAHAYU", "LESTARI", "WULANDARI", "PERTIWI", "HANDAYANI", "PUSPITASARI", "KURNIASIH", "NINGSIH", "SARI",
        "ASTUTI", "UTAMI", "RAHMAWATI", "PURWANINGSIH", "SETYAWATI", "SULISTYOWATI", "WIDYASTUTI", "PRATIWI",
        "ANGGRAENI", "MAHARANI", "SAFITRI", "KUSUMAWATI", "NURHAYATI",
    ];

    // Baptismal names often placed first by Catholic and Protestant Javanese families.
    public static readonly string[] ChristianMale = ["ANTONIUS", "YOHANES", "FRANSISKUS", "PAULUS", "IGNATIUS", "PETRUS", "STEFANUS", "MARKUS"];

    public static readonly string[] ChristianFemale = ["MARIA", "THERESIA", "CHRISTINA", "AGNES", "MAGDALENA", "CECILIA", "VERONIKA", "ELISABETH"];

    /// <summary>First names of the businesses applicants register.</summary>
    public static readonly string[] BusinessKinds =
    [
        "WARUNG MAKAN", "TOKO KELONTONG", "LAUNDRY", "ANGKRINGAN", "BENGKEL MOTOR", "FOTOKOPI", "KOS PUTRI",
        "KOS PUTRA", "TOKO BANGUNAN", "KEDAI KOPI", "KATERING", "KONVEKSI", "APOTEK", "SALON", "TOKO ROTI",
        "BAKSO", "PETERNAKAN AYAM", "TOKO PERTANIAN",
    ];

    public static readonly string[] BusinessSuffixes =
    [
        "BERKAH", "JAYA", "MANDIRI", "SEJAHTERA", "MAKMUR", "BAROKAH", "LESTARI", "SUMBER REJEKI", "MULIA", "ABADI",
        "SENTOSA", "AMANAH", "MERAPI", "SEMBADA",
    ];
}
