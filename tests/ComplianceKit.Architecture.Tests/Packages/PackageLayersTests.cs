namespace ComplianceKit.Architecture.Tests.Packages;

public sealed class PackageLayersTests
{
    private static readonly string[] Packages =
        ["ComplianceKit", "ComplianceKit.Cli", "ComplianceKit.EntityFrameworkCore", "ComplianceKit.EntityFrameworkCore.Sqlite", "ComplianceKit.Kernel"];

    [Fact]
    public void AllowedReferences_NewPackageWithoutALayer_IsNull()
    {
        var allowed = PackageLayers.AllowedReferences("ComplianceKit.SomethingNew", Packages);

        Assert.Null(allowed);
    }

    [Fact]
    public void AllowedReferences_Dialect_TheRelationalStoreAndBelowButNoOtherDialect()
    {
        var allowed = PackageLayers.AllowedReferences("ComplianceKit.EntityFrameworkCore.PostgreSql", Packages);

        Assert.Equal(["ComplianceKit", "ComplianceKit.EntityFrameworkCore", "ComplianceKit.Kernel"], allowed!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AllowedReferences_Cli_EveryPackageButItself()
    {
        var allowed = PackageLayers.AllowedReferences("ComplianceKit.Cli", Packages);

        Assert.DoesNotContain("ComplianceKit.Cli", allowed!);
        Assert.Equal(Packages.Length - 1, allowed!.Count);
    }
}
