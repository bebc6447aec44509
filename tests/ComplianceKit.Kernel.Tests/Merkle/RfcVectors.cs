using System.Text.Json;

namespace ComplianceKit.Tests.Merkle;

/// <summary>The RFC 6962 / RFC 9162 test vectors from Vectors/rfc6962.json, parsed once.</summary>
internal sealed class RfcVectors
{
    private static readonly Lazy<RfcVectors> Instance = new(Load);

    private RfcVectors(
        IReadOnlyList<byte[]> leafInputs,
        IReadOnlyDictionary<long, byte[]> rootsBySize,
        IReadOnlyDictionary<string, byte[]> hasher,
        IReadOnlyList<InclusionVector> inclusion,
        IReadOnlyList<ConsistencyVector> consistency)
    {
        LeafInputs = leafInputs;
        RootsBySize = rootsBySize;
        Hasher = hasher;
        Inclusion = inclusion;
        Consistency = consistency;
    }

    public static RfcVectors Current => Instance.Value;

    public IReadOnlyList<byte[]> LeafInputs { get; }

    public IReadOnlyDictionary<long, byte[]> RootsBySize { get; }

    public IReadOnlyDictionary<string, byte[]> Hasher { get; }

    public IReadOnlyList<InclusionVector> Inclusion { get; }

    public IReadOnlyList<ConsistencyVector> Consistency { get; }

    public static TheoryData<int> InclusionIndexes() => Indexes(Current.Inclusion.Count);

    public static TheoryData<int> ConsistencyIndexes() => Indexes(Current.Consistency.Count);

    private static TheoryData<int> Indexes(int count)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    private static RfcVectors Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Merkle", "Vectors", "rfc6962.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;

        var leaves = root.GetProperty("leafInputsHex").EnumerateArray().Select(Hex).ToList();
        var roots = root.GetProperty("rootsBySize").EnumerateObject()
            .ToDictionary(p => long.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => Hex(p.Value));
        var hasher = root.GetProperty("hasher").EnumerateObject().ToDictionary(p => p.Name, p => Hex(p.Value));
        var inclusion = root.GetProperty("inclusion").EnumerateArray()
            .Select(v => new InclusionVector(
                v.GetProperty("leafIndex").GetInt64(),
                v.GetProperty("treeSize").GetInt64(),
                Hex(v.GetProperty("leafHash")),
                v.GetProperty("proof").EnumerateArray().Select(Hex).ToList(),
                Hex(v.GetProperty("root"))))
            .ToList();
        var consistency = root.GetProperty("consistency").EnumerateArray()
            .Select(v => new ConsistencyVector(
                v.GetProperty("size1").GetInt64(),
                v.GetProperty("size2").GetInt64(),
                Hex(v.GetProperty("root1")),
                Hex(v.GetProperty("root2")),
                v.GetProperty("proof").EnumerateArray().Select(Hex).ToList()))
            .ToList();

        return new RfcVectors(leaves, roots, hasher, inclusion, consistency);
    }

    private static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString()!);
}
