using System.Text;
using System.Text.Json;

namespace ComplianceKit.Tests.Ledger;

public sealed class PayloadVectorTests
{
    private static readonly IReadOnlyDictionary<string, string> Vectors = JsonSerializer.Deserialize<Dictionary<string, string>>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Ledger", "Vectors", "payloads.json")))!;

    public static TheoryData<string> Names => new(PayloadVectorCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Encode_EveryPayloadShape_WritesTheBytesCapturedBeforeTheCodec(string name)
    {
        var encode = PayloadVectorCases.All.Single(c => c.Name == name).Encode;

        var bytes = encode();

        Assert.True(Vectors.ContainsKey(name), $"no captured vector for {name}");
        Assert.Equal(Vectors[name], Encoding.UTF8.GetString(bytes));
    }

    public static TheoryData<string> Rewritable => new(PayloadVectorCases.All.Select(c => c.Name).Where(n => PayloadVectorCases.Rewrite.ContainsKey(Shape(n))));

    [Theory]
    [MemberData(nameof(Rewritable))]
    public void ReadThenWrite_PayloadWrittenBeforeTheCodec_ReadsBackToTheSameBytes(string name)
    {
        var stored = Encoding.UTF8.GetBytes(Vectors[name]);

        var rewritten = PayloadVectorCases.Rewrite[Shape(name)](stored);

        Assert.Equal(Vectors[name], Encoding.UTF8.GetString(rewritten));
    }

    [Fact]
    public void Vectors_EveryCapturedVector_HasItsCase()
    {
        var names = PayloadVectorCases.All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(Vectors.Keys, k => Assert.Contains(k, names));
    }

    private static string Shape(string name) => name.Split('/')[0];
}
