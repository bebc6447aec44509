namespace ComplianceKit.Architecture.Tests.Packages;

/// <summary>
/// The one-way dependencies between the shipped packages (docs/ARCHITECTURE.md, "Packages"): which shipped packages each
/// may reference. A package not named here has no layer yet, which the tests report, so a new package gets one on purpose.
/// </summary>
internal static class PackageLayers
{
    private const string Kernel = "ComplianceKit.Kernel";
    private const string Programme = "ComplianceKit";
    private const string RelationalStore = "ComplianceKit.EntityFrameworkCore";
    private const string Cli = "ComplianceKit.Cli";
    private const string Reporting = "ComplianceKit.Reporting";

    /// <summary>The shipped packages <paramref name="package"/> may reference, or null when it has no layer.</summary>
    public static IReadOnlySet<string>? AllowedReferences(string package, IReadOnlyList<string> allPackages) => package switch
    {
        Kernel => new HashSet<string>(),
        Programme => new HashSet<string> { Kernel },
        RelationalStore => new HashSet<string> { Kernel, Programme },
        "ComplianceKit.Testing" or "ComplianceKit.Pkcs11" => new HashSet<string> { Kernel, Programme },
        "ComplianceKit.AspNetCore" => new HashSet<string> { Kernel, Programme, RelationalStore }, // a host integration over the store
        Reporting => new HashSet<string> { Kernel, Programme }, // pure rendering: no ASP.NET, no store
        "ComplianceKit.Dashboard" => new HashSet<string> { Kernel, Programme, Reporting },
        Cli => allPackages.Where(p => p != Cli).ToHashSet(), // a host: it may use every package, and none uses it
        _ when package.StartsWith(RelationalStore + ".", StringComparison.Ordinal) => new HashSet<string> { Kernel, Programme, RelationalStore }, // a dialect
        _ => null,
    };
}
