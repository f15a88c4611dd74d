using Microsoft.Extensions.Configuration;
using Splp.Adapters.Declarative;

namespace Splp.Adapters.Tests.Declarative;

public sealed class DeclarativeAdapterFactoryTests
{
    private const string ValidOperation = """
        { "OperationId": "op", "Path": "/x/{id}", "Upstream": { "Path": "/up/{id}" }, "Response": { "Fields": { "a": { "From": "a" } } } }
        """;

    [Theory]
    [InlineData("dpmptsp-oss", new[] { "getPermohonan", "listPermohonan", "createPermohonan" })]
    [InlineData("bapenda-simpada", new[] { "getObjekPajak", "listObjekPajak", "listTagihan" })]
    [InlineData("lapor-sp4n", new[] { "listAduan", "getAduan", "getRiwayatAduan", "createAduan" })]
    public void TryBuildAll_MappingFile_BuildsAdapterServingEveryContractOperation(string name, string[] operations)
    {
        var adapter = MappingHarness.LoadMappingFile(name);

        Assert.Equal(name, adapter.Name);
        var declared = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", name + ".json"))
            .Build()
            .GetSection($"Splp:Adapters:{name}:Operations")
            .GetChildren()
            .Select(o => o["OperationId"]);
        Assert.Equal(operations.Order(), declared.Order());
    }

    [Theory]
    [InlineData("dpmptsp-oss")]
    [InlineData("bapenda-simpada")]
    [InlineData("lapor-sp4n")]
    public async Task MappingFile_Operations_AreExactlyTheContractsOperations(string name)
    {
        var contract = await MappingHarness.ContractAsync(name);
        var declared = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", name + ".json"))
            .Build()
            .GetSection($"Splp:Adapters:{name}:Operations")
            .GetChildren()
            .Select(o => $"{o["Method"]} {o["Path"]} {o["OperationId"]}")
            .Order();

        Assert.Equal(contract.Operations.Select(o => $"{o.Method} {o.PathTemplate} {o.OperationId}").Order(), declared);
    }

    [Fact]
    public async Task ContractCheck_MappedBodyWithAnUnmappedField_IsViolation()
    {
        // Guards the end-to-end tests' contract check: it does reject what the gateway would reject.
        var contract = await MappingHarness.ContractAsync("bapenda-simpada");
        Assert.True(contract.TryGetOperation("listTagihan", out var operation));

        var violations = operation.ValidateResponse(200, """{"data":[{"nop":"340407000100500120","tahunPajak":2025,"pokok":1,"denda":0,"jatuhTempo":"2025-08-31","statusBayar":"LUNAS","STS_BYR":1}]}"""u8.ToArray());

        Assert.NotEmpty(violations);
    }

    [Fact]
    public void TryBuildAll_MisspeltConverterInMappingFile_RefusesWholeAdapterNamingThePath()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", "dpmptsp-oss.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Splp:Adapters:dpmptsp-oss:Shapes:Permohonan:diajukanPada:Converter"] = "datetme",
                ["Splp:Adapters:dpmptsp-oss:Operations:2:Response:Status"] = "500",
            })
            .Build();
        var errors = new List<string>();

        var adapters = DeclarativeAdapterFactory.TryBuildAll(configuration, errors);

        Assert.Empty(adapters);
        Assert.Equal(
            ["Adapters:dpmptsp-oss:Shapes:Permohonan:diajukanPada: unknown converter 'datetme'",
             "Adapters:dpmptsp-oss:Operations:2:Response:Status: a mapped response has a 2xx status, not 500"],
            errors);
    }

    [Fact]
    public void TryBuildAll_OneBadAdapterAmongGoodOnes_BuildsNone()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", "lapor-sp4n.json"))
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", "bapenda-simpada.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Splp:Adapters:bapenda-simpada:Operations:0:Errors:0:Problem"] = "Teapot" })
            .Build();
        var errors = new List<string>();

        Assert.Empty(DeclarativeAdapterFactory.TryBuildAll(configuration, errors));
        Assert.Single(errors, e => e.StartsWith("Adapters:bapenda-simpada:Operations:0:Errors:0:Problem: unknown problem 'Teapot'", StringComparison.Ordinal));
    }

    [Fact]
    public void TryBind_UnknownKey_ReportsItInsteadOfIgnoringIt()
    {
        var (adapter, errors) = MappingHarness.TryBuild($$"""{ "Operations": [ {{ValidOperation}} ], "Operatoins": [] }""");

        Assert.Null(adapter);
        var error = Assert.Single(errors);
        Assert.StartsWith("Adapters:test: ", error, StringComparison.Ordinal);
        Assert.Contains("Operatoins", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuild_Valid_BuildsAdapter()
    {
        var (adapter, errors) = MappingHarness.TryBuild($$"""{ "Operations": [ {{ValidOperation}} ] }""");

        Assert.Empty(errors);
        Assert.NotNull(adapter);
    }

    [Fact]
    public void TryBuild_NoOperations_ReportsOperations()
    {
        var errors = new List<string>();

        Assert.Null(DeclarativeAdapterFactory.TryBuild("a", new DeclarativeAdapterOptions(), errors));
        Assert.Equal(["Adapters:a:Operations: at least one operation is required"], errors);
    }

    [Theory]
    [InlineData("""{ "a": { "From": "a", "Converter": "datetme" } }""", "Fields:a: unknown converter 'datetme'")]
    [InlineData("""{ "a": { "From": "a", "Converter": "datetime" } }""", "Fields:a:Format: the datetime converter needs the upstream 'Format'")]
    [InlineData("""{ "a": { "From": "a", "Converter": "date", "Format": "dd-MM" } }""", "Fields:a:Format: invalid date format 'dd-MM'")]
    [InlineData("""{ "a": { "From": "a", "Converter": "datetime", "Format": "yyyyMMddHHmmss", "TimeZone": "Asia/Atlantis" } }""", "Fields:a:TimeZone: unknown time zone 'Asia/Atlantis'")]
    [InlineData("""{ "a": { "From": "a", "CodeList": "nope" } }""", "Fields:a:CodeList: unknown code list 'nope'")]
    [InlineData("""{ "a": { "From": "a", "Codes": { "1": "X" }, "CodeList": "k" } }""", "Fields:a: 'Codes' and 'CodeList' exclude each other")]
    [InlineData("""{ "a": { "From": "a", "Converter": "integer", "Codes": { "1": "X" } } }""", "Fields:a: 'Codes' and 'CodeList' apply only to the code converter, not 'integer'")]
    [InlineData("""{ "a": { "From": "a", "Converter": "string", "Format": "yyyy" } }""", "Fields:a: 'Format' and 'TimeZone' apply only to the date and datetime converters, not 'string'")]
    [InlineData("""{ "a": { "From": "a", "Converter": "boolean", "TrueValues": [ "Y" ], "FalseValues": [ "Y" ] } }""", "Fields:a: 'Y' is both a true and a false value")]
    [InlineData("""{ "a": { "From": "a", "Constant": "1" } }""", "Fields:a: 'From' and 'Constant' exclude each other")]
    [InlineData("""{ "a": { "Converter": "string" } }""", "Fields:a: a field needs 'From' or 'Constant'")]
    [InlineData("""{ "a": { "Constant": "abc", "Converter": "integer" } }""", "Fields:a:Constant: 'abc' is not an integer")]
    [InlineData("""{ "a": { "From": "a", "Default": "maybe", "Converter": "boolean" } }""", "Fields:a:Default: 'maybe' is not one of the configured true or false values")]
    [InlineData("""{ "a": { "From": "x..y" } }""", "Fields:a:From: invalid path 'x..y'")]
    [InlineData("""{ "a": { "From": "a" }, "a.b": { "From": "b" } }""", "Fields:a: 'a' is both a value and an object with fields")]
    [InlineData("""{ "a": { "From": "a", "Items": { "b": { "From": "b", "Converter": "intger" } } } }""", "Fields:a:Items:b: unknown converter 'intger'")]
    public void TryBuild_BadField_ReportsItWithItsPath(string fields, string expected)
    {
        var (adapter, errors) = MappingHarness.TryBuild($$"""
            { "CodeLists": { "k": { "1": "X" } },
              "Operations": [ { "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": {{fields}} } } ] }
            """);

        Assert.Null(adapter);
        Assert.Contains(errors, e => e.StartsWith("Adapters:test:Operations:0:Response:" + expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:OperationId: an operation id is required")]
    [InlineData("""{ "OperationId": "op", "Method": "BREW", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Method: unsupported method 'BREW'")]
    [InlineData("""{ "OperationId": "op", "Path": "x/{id", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Path: a path template starting with '/' is required")]
    [InlineData("""{ "OperationId": "op", "Path": "/x/{id", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Path: invalid segment '{id'")]
    [InlineData("""{ "OperationId": "op", "Path": "/x/{id}", "Upstream": { "Path": "/up/{nik}" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Upstream:Path: placeholder '{nik}' names no path parameter")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Method": "POST", "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Upstream:Method: the upstream method 'POST' differs")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Upstream: the upstream request is required")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" } }""", "Operations:0:Response: the response mapping is required")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Request": { "Fields": { "a": { "From": "a" } } }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Request: a request body mapping needs POST, PUT or PATCH, not GET")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Kind": "Heap", "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Kind: unknown kind 'Heap'")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Status": 500, "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Status: a mapped response has a 2xx status, not 500")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Paging": { "Page": "p", "PageSize": "s", "TotalItems": "t" }, "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Paging: 'Paging' applies only to the Page kind")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Kind": "Page", "Paging": { "Page": "p" }, "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Paging:PageSize: a path is required")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Envelope": { "SuccessWhen": { "Field": "status" } }, "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Envelope:Data: a path is required")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Envelope": { "Data": "d", "SuccessWhen": { "Field": "status" } }, "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Envelope:SuccessWhen:Is: a condition needs at least one value")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Location": "/x/{b}", "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Location: placeholder '{b}' names no top-level value field")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Kind": "List", "Location": "/x", "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Response:Location: a Location is a path template starting with '/' for an Object response")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } }, "Errors": [ { "Status": "4x4", "Problem": "InvalidRequest" } ] }""", "Operations:0:Errors:0:Status: invalid status '4x4'")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } }, "Errors": [ { "Status": "404" } ] }""", "Operations:0:Errors:0:Problem: unknown problem ''")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } }, "Errors": [ { "Problem": "InvalidRequest", "FieldsFrom": "errors", "Pointers": { "nik": "pemohon/nik" } } ] }""", "Operations:0:Errors:0:Pointers:nik: 'pemohon/nik' is not a JSON pointer")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Parameters": { "q": { "Pattern": "([" } }, "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Parameters:q:Pattern: invalid regular expression '(['")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Parameters": { "q": { "Converter": "integer", "Minimum": 5, "Maximum": 1 } }, "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Parameters:q: 'Minimum' is greater than 'Maximum'")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Parameters": { "q": { "Converter": "float" } }, "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Parameters:q:Converter: unknown parameter converter 'float'")]
    [InlineData("""{ "OperationId": "op", "Path": "/x", "Parameters": { "q": { "Codes": { "A": "X", "B": "X" }, "Upstream": "q" } }, "Upstream": { "Path": "/up" }, "Response": { "Fields": { "a": { "From": "a" } } } }""", "Operations:0:Parameters:q: the code list maps several upstream codes to 'X'")]
    public void TryBuild_BadOperation_ReportsItWithItsPath(string operation, string expected)
    {
        var (adapter, errors) = MappingHarness.TryBuild($$"""{ "Operations": [ {{operation}} ] }""");

        Assert.Null(adapter);
        Assert.Contains(errors, e => e.StartsWith("Adapters:test:" + expected, StringComparison.Ordinal));
    }

    [Fact]
    public void TryBuild_SeveralProblems_ReportsEveryOneAndBuildsNothing()
    {
        var (adapter, errors) = MappingHarness.TryBuild("""
            {
              "TimeZone": "Mars/Olympus",
              "Operations": [
                { "OperationId": "a", "Path": "/a", "Upstream": { "Path": "/up" },
                  "Response": { "Fields": { "x": { "From": "x", "Converter": "nope" }, "y": { "From": "y", "CodeList": "missing" } } } },
                { "OperationId": "a", "Path": "/b", "Upstream": { "Path": "/up" },
                  "Response": { "Fields": { "x": { "From": "x" } } }, "Errors": [ { "Status": "999", "Problem": "Oops" } ] }
              ]
            }
            """);

        Assert.Null(adapter);
        Assert.Contains("Adapters:test:TimeZone: unknown time zone 'Mars/Olympus'", errors);
        Assert.Contains("Adapters:test:Operations:0:Response:Fields:x: unknown converter 'nope'", errors);
        Assert.Contains("Adapters:test:Operations:0:Response:Fields:y:CodeList: unknown code list 'missing'", errors);
        Assert.Contains(errors, e => e.StartsWith("Adapters:test:Operations:1:Errors:0:Status: invalid status '999'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Adapters:test:Operations:1:Errors:0:Problem: unknown problem 'Oops'", StringComparison.Ordinal));
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void TryBuild_ShapeProblems_ReportedWithPaths()
    {
        var (adapter, errors) = MappingHarness.TryBuild("""
            { "Shapes": { "A": { "x": { "From": "x", "Converter": "nope" } }, "B": { "x": { "From": "x" } } },
              "Operations": [
                { "OperationId": "a", "Path": "/a", "Upstream": { "Path": "/up" }, "Response": { "Shape": "A" } },
                { "OperationId": "b", "Path": "/b", "Upstream": { "Path": "/up" }, "Response": { "Shape": "C" } },
                { "OperationId": "c", "Path": "/c", "Upstream": { "Path": "/up" }, "Response": { "Shape": "B", "Fields": { "y": { "From": "y" } } } },
                { "OperationId": "d", "Path": "/d", "Upstream": { "Path": "/up" }, "Response": { "Status": 201 } } ] }
            """);

        Assert.Null(adapter);
        Assert.Equal(
            ["Adapters:test:Shapes:A:x: unknown converter 'nope'",
             "Adapters:test:Operations:1:Response:Shape: unknown shape 'C'",
             "Adapters:test:Operations:2:Response:Shape: 'Shape' and 'Fields' exclude each other",
             "Adapters:test:Operations:3:Response:Fields: a response mapping needs 'Fields' (at least one) or 'Shape'"],
            errors);
    }

    [Fact]
    public void AddSplpDeclarativeAdapters_BadMapping_ThrowsListingEveryProblem()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", "lapor-sp4n.json"))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Splp:Adapters:lapor-sp4n:TimeZone"] = "Asia/Nowhere",
                ["Splp:Adapters:lapor-sp4n:Operations:0:Parameters:pageSize:Maximum"] = "0",
            })
            .Build();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();

        var e = Assert.Throws<InvalidOperationException>(() => services.AddSplpDeclarativeAdapters(configuration));

        Assert.Contains("Adapters:lapor-sp4n:TimeZone: unknown time zone 'Asia/Nowhere'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Adapters:lapor-sp4n:Operations:0:Parameters:pageSize: 'Minimum' is greater than 'Maximum'", e.Message, StringComparison.Ordinal);
        Assert.Empty(services);
    }

    [Fact]
    public void AddSplpDeclarativeAdapters_MappingFiles_RegistersEachAdapter()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", "dpmptsp-oss.json"))
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", "bapenda-simpada.json"))
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "mappings", "lapor-sp4n.json"))
            .Build();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSplpDeclarativeAdapters(configuration);

        Assert.Equal(
            ["bapenda-simpada", "dpmptsp-oss", "lapor-sp4n"],
            services.Select(d => ((IServiceAdapter)d.ImplementationInstance!).Name).Order());
    }

    [Fact]
    public void TryBuild_DuplicateOperationIdAndRoute_ReportsBoth()
    {
        var (adapter, errors) = MappingHarness.TryBuild("""
            { "Operations": [
                { "OperationId": "a", "Path": "/x/{id}", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "x": { "From": "x" } } } },
                { "OperationId": "a", "Path": "/x/{other}", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "x": { "From": "x" } } } } ] }
            """);

        Assert.Null(adapter);
        Assert.Contains("Adapters:test:Operations:1:OperationId: operation id 'a' is used twice", errors);
        Assert.Contains("Adapters:test:Operations:1:Path: another operation already serves GET /x/{other}", errors);
    }

    [Fact]
    public void TryBuild_CodeListMappingTwoUpstreamCodesToOne_RefusedOnlyWhereUsedForRequests()
    {
        const string Lists = """ "CodeLists": { "agama": { "KATHOLIK": "KATOLIK", "KATOLIK": "KATOLIK" } }, """;
        var (responseOnly, responseErrors) = MappingHarness.TryBuild($$"""
            { {{Lists}} "Operations": [ { "OperationId": "a", "Path": "/x", "Upstream": { "Path": "/up" }, "Response": { "Fields": { "agama": { "From": "a", "CodeList": "agama" } } } } ] }
            """);
        var (request, requestErrors) = MappingHarness.TryBuild($$"""
            { {{Lists}} "Operations": [ { "OperationId": "a", "Method": "POST", "Path": "/x", "Upstream": { "Path": "/up" },
              "Request": { "Fields": { "AGAMA": { "From": "agama", "CodeList": "agama" } } },
              "Response": { "Fields": { "agama": { "From": "a", "CodeList": "agama" } } } } ] }
            """);

        Assert.Empty(responseErrors);
        Assert.NotNull(responseOnly);
        Assert.Null(request);
        Assert.Equal(["Adapters:test:Operations:0:Request:Fields:AGAMA: the code list maps several upstream codes to 'KATOLIK', so it cannot be used for requests"], requestErrors);
    }
}
