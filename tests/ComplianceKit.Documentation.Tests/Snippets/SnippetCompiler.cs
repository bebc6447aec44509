using System.Collections.Frozen;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ComplianceKit.Documentation.Tests.Snippets;

/// <summary>
/// Compiles a documentation block in process with Roslyn, against the assemblies this test runs with (the packages,
/// the .NET and ASP.NET Core frameworks), with the implicit usings of a <c>dotnet new console</c> app and nothing else:
/// every other using must be in the block. Diagnostics point at the document's lines.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>Types a fragment may name in its <c>given</c> list without declaring them: the README's host context.</summary>
    public static readonly FrozenDictionary<string, string> PreludeTypes = new Dictionary<string, string>
    {
        ["AppDbContext"] = """
            public sealed class AppDbContext(Microsoft.EntityFrameworkCore.DbContextOptions<AppDbContext> options)
                : Microsoft.EntityFrameworkCore.DbContext(options), ComplianceKit.EntityFrameworkCore.IComplianceKitDbContext
            {
                protected override void OnModelCreating(Microsoft.EntityFrameworkCore.ModelBuilder b) =>
                    Microsoft.EntityFrameworkCore.ComplianceKitModelBuilderExtensions.ApplyComplianceKit(b);
            }
            """,
    }.ToFrozenDictionary();

    /// <summary>The marker (<c>&lt;!-- snippet: web --&gt;</c>) of a whole <c>dotnet new web</c> Program.cs: it compiles with that template's implicit usings.</summary>
    public const string WebApp = "web";

    private const string WebImplicitUsings = """
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
        global using System.Net.Http.Json;
        """;

    private const string ConsoleImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Assembly>> Loaded = new(StringComparer.Ordinal);

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && IsManaged(p))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    /// <summary>The source the block compiles as: its usings, the declarations it is given, the rest of it, then given types.</summary>
    public static string Source(CodeBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var lines = block.Code.Split('\n');
        var usings = 0;
        while (usings < lines.Length && (IsUsingDirective(lines[usings]) || (string.IsNullOrWhiteSpace(lines[usings]) && usings + 1 < lines.Length && IsUsingDirective(lines[usings + 1]))))
        {
            usings++;
        }

        var file = block.Document.Replace("\"", "", StringComparison.Ordinal);
        var source = new StringBuilder();
        source.Append(CultureInfo($"#line {block.FirstLine} \"{file}\"\n"));
        foreach (var line in lines[..usings])
        {
            source.Append(line).Append('\n');
        }

        source.Append("#line hidden\n");
        foreach (var given in block.Given.Where(g => !PreludeTypes.ContainsKey(g) && g != WebApp))
        {
            source.Append(given).Append(" = default!;\n");
        }

        source.Append(CultureInfo($"#line {block.FirstLine + usings} \"{file}\"\n"));
        foreach (var line in lines[usings..])
        {
            source.Append(line).Append('\n');
        }

        source.Append("#line hidden\n");
        foreach (var given in block.Given.Where(PreludeTypes.ContainsKey))
        {
            source.Append(PreludeTypes[given]).Append('\n');
        }

        return source.ToString();
    }

    /// <summary>Compiles the block: a program when it has top-level statements, a library otherwise.</summary>
    public static CSharpCompilation Compile(CodeBlock block)
    {
        var tree = CSharpSyntaxTree.ParseText(Source(block), ParseOptions, path: block.Document);
        var isProgram = tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable);
        return CSharpCompilation.Create($"Snippet_{Path.GetFileNameWithoutExtension(block.Document)}_{block.FirstLine}",
            block.Given.Contains(WebApp)
                ? [CSharpSyntaxTree.ParseText(ConsoleImplicitUsings, ParseOptions), CSharpSyntaxTree.ParseText(WebImplicitUsings, ParseOptions), tree]
                : [CSharpSyntaxTree.ParseText(ConsoleImplicitUsings, ParseOptions), tree],
            References.Value, options);
    }

    /// <summary>The errors of compiling the block, each as <c>document:line: CSnnnn message</c>; empty when it compiles.</summary>
    public static IReadOnlyList<string> Errors(CodeBlock block) =>
        Compile(block).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Location.GetMappedLineSpan().Path}:{d.Location.GetMappedLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();

    /// <summary>Compiles the block to an assembly in memory and loads it once per location, or throws with its errors.</summary>
    public static Assembly Load(CodeBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return Loaded.GetOrAdd(block.Location, _ => new Lazy<Assembly>(() => Emit(block))).Value;
    }

    private static Assembly Emit(CodeBlock block)
    {
        using var image = new MemoryStream();
        var result = Compile(block).Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{block} does not compile:\n" + string.Join('\n', result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image.ToArray()));
    }

    private static bool IsUsingDirective(string line)
    {
        var text = line.Trim();
        return text.StartsWith("using ", StringComparison.Ordinal) && text.EndsWith(';') && !text.Contains('(', StringComparison.Ordinal)
            && !text.StartsWith("using var ", StringComparison.Ordinal);
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
