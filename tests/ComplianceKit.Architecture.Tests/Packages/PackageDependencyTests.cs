using System.Reflection;
using System.Runtime.CompilerServices;

namespace ComplianceKit.Architecture.Tests.Packages;

public sealed class PackageDependencyTests
{
    public static TheoryData<string> Packages() => new(ShippedPackages.Names);

    [Fact]
    public void ShippedPackages_FoundUnderSrc_IncludeTheKernelAndTheProgramme()
    {
        Assert.Contains("ComplianceKit.Kernel", ShippedPackages.Names);
        Assert.Contains("ComplianceKit", ShippedPackages.Names);
        Assert.Contains("ComplianceKit.EntityFrameworkCore", ShippedPackages.Names);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_References_OnlyThePackagesBelowIt(string package)
    {
        var allowed = PackageLayers.AllowedReferences(package, ShippedPackages.Names);
        Assert.True(allowed is not null, $"{package} has no layer: say in PackageLayers (and docs/ARCHITECTURE.md) which packages it may reference.");

        var forbidden = ShippedPackages.ShippedReferences(ShippedPackages.Load(package)).Except(allowed!).ToList();

        Assert.Empty(forbidden);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void Package_GrantsInternalsVisibleTo_NoOtherShippedPackage(string package)
    {
        var assembly = ShippedPackages.Load(package);

        var grantedToShipped = assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName.Split(',')[0].Trim())
            .Intersect(ShippedPackages.Names)
            .ToList();

        Assert.Empty(grantedToShipped);
    }

    [Fact]
    public void Reporting_References_NoAspNetCore()
    {
        var reporting = ShippedPackages.Load("ComplianceKit.Reporting");

        var web = reporting.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).ToList();

        Assert.Empty(web);
    }

    [Fact]
    public void Kernel_References_OnlyTheFrameworkAndNodaTime()
    {
        var kernel = ShippedPackages.Load("ComplianceKit.Kernel");

        var outside = kernel.GetReferencedAssemblies().Select(r => r.Name!)
            .Where(n => n != "NodaTime" && n != "netstandard" && !n.StartsWith("System", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void Layers_TheKernelOnlyForTheProgramme_TheProgrammeNotForTheKernel()
    {
        var kernel = ShippedPackages.ShippedReferences(ShippedPackages.Load("ComplianceKit.Kernel"));
        var programme = ShippedPackages.ShippedReferences(ShippedPackages.Load("ComplianceKit"));

        Assert.Empty(kernel);
        Assert.Equal(["ComplianceKit.Kernel"], programme);
    }
}
