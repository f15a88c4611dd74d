using Splp.Contracts.Loading;

namespace Splp.Contracts.Tests.Loading;

public sealed class ContractRegistryTests
{
    internal const string MinimalContract = """
        openapi: 3.0.3
        info:
          title: Uji
          version: 1.0.0
        servers:
          - url: /uji/v1
        paths:
          /aduan/{nomorTiket}:
            get:
              operationId: getAduan
              parameters:
                - name: nomorTiket
                  in: path
                  required: true
                  schema:
                    type: string
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
          /aduan/statistik:
            get:
              operationId: getStatistik
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
        """;

    private const string BrokenContract = """
        openapi: 3.0.3
        info:
          title: Rusak
          version: 1.0.0
        servers:
          - url: /salah/v9
        x-splp-personal-data:
          - /tidakAda
          - bukan-pointer
        x-splp-rahasia: true
        paths:
          /a/{id}:
            get:
              operationId: ambil
              x-splp-cache:
                ttlSeconds: 0
                lama: 5
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          kode:
                            type: string
                            pattern: '[0-9'
                          pilihan:
                            oneOf:
                              - type: string
                              - type: integer
          /b:
            post:
              operationId: ambil
              x-splp-cache:
                ttlSeconds: 60
              parameters:
                - name: nomor
                  in: path
                  required: true
                  schema:
                    type: string
              responses:
                '201':
                  description: created
        """;

    [Fact]
    public async Task LoadAsync_RealContracts_LoadsAllFour()
    {
        var registry = await ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot, CancellationToken.None);

        Assert.Equal(
            ["kependudukan/v1", "pajak-daerah/v1", "pengaduan/v1", "perizinan/v1"],
            registry.Contracts.Select(c => c.Id.ToString()).Order(StringComparer.Ordinal));
        Assert.All(registry.Contracts, c =>
        {
            Assert.Equal("1.0.0", c.Version);
            Assert.False(string.IsNullOrWhiteSpace(c.Title));
            Assert.True(File.Exists(c.SourcePath));
            Assert.NotEmpty(c.Operations);
            Assert.NotEmpty(c.Document.Paths);
        });
    }

    [Fact]
    public void TryGet_KnownAndUnknownIds_FindsOnlyLoadedOnes()
    {
        Assert.True(ContractsFixture.Registry.TryGet(new ContractId("kependudukan", 1), out var contract));
        Assert.Equal(["getPenduduk", "getKeluarga"], contract.Operations.Select(o => o.OperationId));
        Assert.False(ContractsFixture.Registry.TryGet(new ContractId("kependudukan", 2), out _));
        Assert.False(ContractsFixture.Registry.TryGet(new ContractId("dinkes", 1), out _));
    }

    [Fact]
    public void Operations_RealContracts_CarryCacheAndPersonalDataFromExtensions()
    {
        var objek = ContractsFixture.Operation("pajak-daerah", "getObjekPajak");
        Assert.Equal(new CachePolicy(TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(3600)), objek.Cache);
        Assert.Equal(["/wajibPajak/nik", "/wajibPajak/nama"], objek.PersonalDataPointers);
        Assert.Equal(["pajak.read"], objek.RequiredScopes);

        var aduan = ContractsFixture.Operation("pengaduan", "listAduan");
        Assert.Equal(new CachePolicy(TimeSpan.FromSeconds(30), TimeSpan.Zero), aduan.Cache);
        Assert.Equal(["/data/*/pelapor/nik"], aduan.PersonalDataPointers);

        var keluarga = ContractsFixture.Operation("kependudukan", "getKeluarga");
        Assert.Null(keluarga.Cache);
        Assert.Contains("/anggota/*/nik", keluarga.PersonalDataPointers);
        Assert.DoesNotContain("/nik", keluarga.PersonalDataPointers);

        var create = ContractsFixture.Operation("perizinan", "createPermohonan");
        Assert.Null(create.Cache);
        Assert.Equal(["perizinan.write"], create.RequiredScopes);
        Assert.Equal("POST", create.Method);
        Assert.Equal("/permohonan", create.PathTemplate);
    }

    [Fact]
    public async Task LoadAsync_MinimalContract_Loads()
    {
        using var temp = new TempContracts();
        temp.Write("uji", "v1", MinimalContract);

        var registry = await ContractRegistry.LoadAsync(temp.Root, CancellationToken.None);

        var contract = Assert.Single(registry.Contracts);
        Assert.Equal(new ContractId("uji", 1), contract.Id);
    }

    [Fact]
    public async Task LoadAsync_BrokenContract_ThrowsListingEveryProblemOfEveryFile()
    {
        using var temp = new TempContracts();
        var broken = temp.Write("rusak", "v1", BrokenContract);
        var unreadable = temp.Write("tidak-terbaca", "v1", "openapi: 3.0.3\ninfo: [title\n");
        temp.Write("uji", "v1", MinimalContract);

        var ex = await Assert.ThrowsAsync<ContractLoadException>(() => ContractRegistry.LoadAsync(temp.Root, CancellationToken.None));

        string[] expected =
        [
            "servers: must contain the relative url '/rusak/v1'",
            "x-splp-rahasia: unknown SPLP extension",
            "x-splp-personal-data: 'bukan-pointer' is not a JSON pointer",
            "x-splp-personal-data: '/tidakAda' names no field of any success response",
            "paths./a/{id}.get: path parameter 'id' is in the template but not declared",
            "paths./a/{id}.get.x-splp-cache.ttlSeconds: must be an integer of at least 1",
            "paths./a/{id}.get.x-splp-cache.lama: unexpected property",
            "paths./b.post: operationId 'ambil' is already used by paths./a/{id}.get",
            "paths./b.post: path parameter 'nomor' is declared but not in the template",
            "paths./b.post.x-splp-cache: only GET operations may be cached",
            "'oneOf' is not supported by contract validation",
            "pattern '[0-9' is not a valid regular expression",
        ];
        foreach (var message in expected)
        {
            Assert.Contains(ex.Problems, p => p.SourcePath == broken && p.Message.Contains(message, StringComparison.Ordinal));
        }

        Assert.Contains(ex.Problems, p => p.SourcePath == unreadable && p.Message.StartsWith("cannot be read as an OpenAPI document", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Problems, p => p.SourcePath.Contains("uji", StringComparison.Ordinal));
        Assert.Contains(broken, ex.Message, StringComparison.Ordinal);
        Assert.Contains(unreadable, ex.Message, StringComparison.Ordinal);
        Assert.Equal(expected.Length + 1, ex.Problems.Count);
    }

    [Fact]
    public async Task LoadAsync_MissingDirectory_ThrowsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "splp-contracts-missing-" + Guid.NewGuid().ToString("N"));

        var ex = await Assert.ThrowsAsync<ContractLoadException>(() => ContractRegistry.LoadAsync(missing, CancellationToken.None));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal(missing, problem.SourcePath);
    }

    [Fact]
    public async Task LoadAsync_NoDocuments_Throws()
    {
        using var temp = new TempContracts();
        Directory.CreateDirectory(Path.Combine(temp.Root, "kosong", "v1"));

        var ex = await Assert.ThrowsAsync<ContractLoadException>(() => ContractRegistry.LoadAsync(temp.Root, CancellationToken.None));

        Assert.Contains("no contract documents found", Assert.Single(ex.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_BadFolderNames_Throws()
    {
        using var temp = new TempContracts();
        var badVersion = temp.Write("uji", "versi1", MinimalContract.Replace("/uji/v1", "/uji/versi1", StringComparison.Ordinal));
        var badName = temp.Write("Uji_Besar", "v1", MinimalContract);

        var ex = await Assert.ThrowsAsync<ContractLoadException>(() => ContractRegistry.LoadAsync(temp.Root, CancellationToken.None));

        Assert.Contains(ex.Problems, p => p.SourcePath == badVersion && p.Message.Contains("not a major version", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.SourcePath == badName && p.Message.Contains("not a contract name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoadAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ContractRegistry.LoadAsync(ContractRegistry.DefaultRoot, cts.Token));
    }
}
