namespace ComplianceKit.Tests.Architecture;

public sealed class NamespaceCycleTests
{
    // Empty: every cycle is broken (Checkpoint moved from Bundles into Anchoring; the side index's tables are created by the
    // model-driven upgrade in ComplianceKitDatabase, which names no store namespace). Listing one here is a debt made visible,
    // exactly as it stands, until it is broken; the test fails when a listed cycle is gone, so the list never goes stale.
    private static readonly string[][] KnownCycles = [];

    [Fact]
    public void ShippedSources_ComplianceKitNamespaces_UseEachOtherOneWayOnly()
    {
        var graph = NamespaceGraph.FromSources(ShippedSources());

        var cycles = graph.Cycles();

        var unexpected = cycles.Where(c => !KnownCycles.Any(k => c.SequenceEqual(k))).Select(c => string.Join(" <-> ", c)).ToList();
        Assert.True(unexpected.Count == 0, "Namespace cycles: " + string.Join("; ", unexpected));
        Assert.All(KnownCycles, k => Assert.Contains(cycles, c => c.SequenceEqual(k)));
    }

    [Fact]
    public void Cycles_TwoNamespacesReferringToEachOther_AreFound()
    {
        var graph = NamespaceGraph.FromSources(
        [
            ("a.cs", "using ComplianceKit.B;\nnamespace ComplianceKit.A;\npublic sealed class X { public Y? Other { get; set; } }"),
            ("b.cs", "namespace ComplianceKit.B;\npublic sealed class Y { public int Size() => ComplianceKit.A.Z.Count; }"),
            ("z.cs", "namespace ComplianceKit.A;\npublic static class Z { public const int Count = 1; }"),
        ]);

        var cycles = graph.Cycles();

        Assert.Equal(["ComplianceKit.A", "ComplianceKit.B"], Assert.Single(cycles));
    }

    [Fact]
    public void Cycles_ReferenceRelativeToTheParentNamespaceOrInAComment_CountOnlyInCode()
    {
        var graph = NamespaceGraph.FromSources(
        [
            ("a.cs", "namespace ComplianceKit.A;\n/// <see cref=\"B.Y\"/>\npublic sealed class X { }"),
            ("b.cs", "namespace ComplianceKit.B;\npublic sealed class Y { public object Make() => new A.X(); }"),
        ]);

        Assert.Empty(graph.Cycles());
        Assert.Equal(["ComplianceKit.A"], graph.UsesOf("ComplianceKit.B"));
    }

    private static IEnumerable<(string Path, string Text)> ShippedSources()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "ComplianceKit.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("The repository root (ComplianceKit.sln) is not above the test's directory.");
        }

        var src = Path.Combine(root.FullName, "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(p)));
    }
}
