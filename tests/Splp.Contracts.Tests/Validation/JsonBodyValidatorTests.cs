using System.Text;
using Splp.Contracts.Loading;
using Splp.Contracts.Validation;

namespace Splp.Contracts.Tests.Validation;

/// <summary>The schema keywords the contracts do not use yet, on a synthetic contract.</summary>
public sealed class JsonBodyValidatorTests : IAsyncLifetime, IDisposable
{
    private const string Contract = """
        openapi: 3.0.3
        info:
          title: Uji
          version: 1.0.0
        servers:
          - url: /uji/v1
        paths:
          /wilayah:
            get:
              operationId: getWilayah
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Wilayah'
                '2XX':
                  description: any other success
                  content:
                    application/json:
                      schema:
                        type: array
                        minItems: 1
                        items:
                          type: integer
                          enum: [1, 2, 3]
                default:
                  description: anything else
                  content:
                    application/problem+json:
                      schema:
                        type: object
                        required: [status]
                        properties:
                          status:
                            type: integer
                            exclusiveMinimum: true
                            minimum: 399
        components:
          schemas:
            Wilayah:
              allOf:
                - $ref: '#/components/schemas/Bernama'
                - type: object
                  required: [kode]
                  properties:
                    kode:
                      type: string
                      minLength: 2
                      maxLength: 6
                    bagian:
                      type: array
                      maxItems: 2
                      items:
                        $ref: '#/components/schemas/Wilayah'
                    penduduk:
                      type: object
                      additionalProperties:
                        type: integer
                        minimum: 0
            Bernama:
              type: object
              required: [nama]
              properties:
                nama:
                  type: string
        """;

    private readonly TempContracts _temp = new();
    private ContractOperation _operation = null!;

    public async Task InitializeAsync()
    {
        _temp.Write("uji", "v1", Contract);
        var registry = await ContractRegistry.LoadAsync(_temp.Root, CancellationToken.None);
        Assert.True(Assert.Single(registry.Contracts).TryGetOperation("getWilayah", out var operation));
        _operation = operation;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Validate_AllOfWithRecursiveReference_ChecksEveryPartAtEveryLevel()
    {
        const string Valid = """{"nama":"SLEMAN","kode":"3404","bagian":[{"nama":"DEPOK","kode":"340407"}],"penduduk":{"L":540000,"P":545000}}""";
        const string Invalid = """{"kode":"3404","bagian":[{"nama":"DEPOK","kode":"3404070"},{"nama":"X","kode":"1"},{"nama":"Y","kode":"12"}],"penduduk":{"L":-1}}""";

        Assert.Empty(Validate(200, Valid));
        var violations = Validate(200, Invalid);

        Assert.Equal(
            [
                new ContractViolation("/nama", "is required"),
                new ContractViolation("/bagian/0/kode", "must be at most 6 characters"),
                new ContractViolation("/bagian/1/kode", "must be at least 2 characters"),
                new ContractViolation("/bagian", "must have at most 2 items"),
                new ContractViolation("/penduduk/L", "must be >= 0"),
            ],
            violations.OrderBy(v => v.Pointer == "/nama" ? 0 : 1).ToArray());
    }

    [Theory]
    [InlineData(204, "[1,3]", null)]
    [InlineData(204, "[]", "must have at least 1 items")]
    [InlineData(204, "[4]", "must be one of 1, 2, 3")]
    [InlineData(204, "[1.5]", "must be an integer")]
    [InlineData(500, """{"status":500}""", null)]
    [InlineData(500, """{"status":399}""", "must be > 399")]
    public void Validate_StatusRangesAndDefault_UseTheirSchemas(int status, string body, string? reason)
    {
        var violations = Validate(status, body);

        if (reason is null)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal(reason, Assert.Single(violations).Reason);
        }
    }

    private IReadOnlyList<ContractViolation> Validate(int status, string body) => _operation.ValidateResponse(status, Encoding.UTF8.GetBytes(body));
}
