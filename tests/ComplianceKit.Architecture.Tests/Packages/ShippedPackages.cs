using System.Reflection;

namespace ComplianceKit.Architecture.Tests.Packages;

/// <summary>The projects under src/ (each one package), found on disk, and their built assemblies.</summary>
internal static class ShippedPackages
{
    private static readonly string RepositoryRoot = typeof(ShippedPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The assembly names of every project under src/, ordered.</summary>
    public static IReadOnlyList<string> Names { get; } = Directory.GetDirectories(Path.Combine(RepositoryRoot, "src"))
        .SelectMany(d => Directory.GetFiles(d, "*.csproj"))
        .Select(Path.GetFileNameWithoutExtension)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Loads a shipped package's assembly from this test's output (the project references every src/ project).</summary>
    public static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    /// <summary>The shipped packages <paramref name="assembly"/> references in its metadata.</summary>
    public static IReadOnlyList<string> ShippedReferences(Assembly assembly) => assembly.GetReferencedAssemblies()
        .Select(r => r.Name!)
        .Where(Names.Contains)
        .Order(StringComparer.Ordinal)
        .ToList();
}
