using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ComplianceKit.Tests.Architecture;

/// <summary>
/// Which ComplianceKit.* namespace uses which, from the sources: every name in code (not in usings or doc comments) is bound
/// with Roslyn, and a type, or a member's declaring type, in another ComplianceKit namespace is an edge. All sources form one
/// compilation, so a namespace spread over several packages is one node.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, HashSet<string>> _edges = new(StringComparer.Ordinal);

    public static NamespaceGraph FromSources(IEnumerable<(string Path, string Text)> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, new CSharpParseOptions(LanguageVersion.Preview), s.Path)).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => !Path.GetFileName(p).StartsWith("ComplianceKit", StringComparison.Ordinal))
            .DistinctBy(Path.GetFileName)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("graph", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var graph = new NamespaceGraph();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                if (name.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null || name.FirstAncestorOrSelf<BaseNamespaceDeclarationSyntax>() is not { } declaration
                    || declaration.Name.Span.Contains(name.Span))
                {
                    continue;
                }

                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                var target = symbol switch
                {
                    INamedTypeSymbol type => type.ContainingNamespace,
                    IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType?.ContainingNamespace,
                    { ContainingType: { } type } => type.ContainingNamespace,
                    _ => null,
                };
                graph.Add(declaration.Name.ToString(), target?.ToDisplayString());
            }
        }

        return graph;
    }

    public IReadOnlyCollection<string> UsesOf(string ns) => _edges.TryGetValue(ns, out var targets) ? targets : [];

    /// <summary>Each set of namespaces that reach one another (a strongly connected component of more than one), sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in UsesOf(node))
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    cycles.Add(component.Order(StringComparer.Ordinal).ToList());
                }
            }
        }

        foreach (var node in _edges.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    private void Add(string from, string? to)
    {
        if (to is null || from == to || !IsOurs(from) || !IsOurs(to))
        {
            return;
        }

        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new HashSet<string>(StringComparer.Ordinal);
        }

        targets.Add(to);
    }

    private static bool IsOurs(string ns) => ns == "ComplianceKit" || ns.StartsWith("ComplianceKit.", StringComparison.Ordinal);
}
