using System.Text;
using BenchmarkDotNet.Attributes;
using ComplianceKit.Checklists;

namespace ComplianceKit.Benchmarks.Checklists;

/// <summary>
/// The checklist parser stays linear: a checklist twice as long takes about twice as long (ratio near 2 against the
/// baseline), and lines built to make a backtracking parser explode cost about as much as ordinary lines of their size.
/// </summary>
[MemoryDiagnoser]
public class ChecklistParseBenchmarks
{
    private readonly MarkdownChecklistParser _parser = new();
    private string _checklist = null!;
    private string _doubleChecklist = null!;
    private string _pathological = null!;

    [GlobalSetup]
    public void Setup()
    {
        var lines = BenchmarkData.Smoke ? 2_000 : 100_000;
        _checklist = Checklist(lines);
        _doubleChecklist = Checklist(2 * lines);
        _pathological = Pathological(_checklist.Length);
    }

    [Benchmark(Baseline = true, Description = "parse a checklist of N lines")]
    public int Parse() => _parser.Parse(_checklist).Items.Count;

    [Benchmark(Description = "parse a checklist of 2N lines (linear: ratio about 2)")]
    public int ParseDouble() => _parser.Parse(_doubleChecklist).Items.Count;

    [Benchmark(Description = "parse pathological long lines of the same size")]
    public int ParsePathological() => _parser.Parse(_pathological).Sections.Count;

    private static string Checklist(int lineCount)
    {
        var builder = new StringBuilder(lineCount * 24);
        for (var block = 0; block < lineCount / 10; block++)
        {
            builder.Append("## Area ").Append(block).Append('\n')
                .Append("- [ ] **Control ").Append(block).Append(".1**: encryption reviewed\n")
                .Append("  - [x] key rotation logged\n")
                .Append("```\n- [ ] not an item\n```\n")
                .Append("| metric | value |\n")
                .Append("Area notes, readiness 50% complete.\n")
                .Append("Security Officer: __________ Date: ______\n")
                .Append('\n');
        }

        return builder.ToString();
    }

    // Repetitions that make a regex or a naive scanner backtrack: sign-off blanks, percentages, comment openers, brackets.
    private static string Pathological(int size)
    {
        var unit = size / 8;
        return new StringBuilder("# Stress\n")
            .Append("- [ ] ").Append(Repeat("Date: ___ ", unit)).Append('\n')
            .Append("Compliance Officer: ").Append(Repeat("_:", unit)).Append('\n')
            .Append(Repeat("99% ", unit)).Append('\n')
            .Append(Repeat("<!--", unit)).Append("\n-->\n")
            .Append(Repeat("| ___ ", unit)).Append('\n')
            .Append(new string('#', unit)).Append('\n')
            .Append("- ").Append(new string('[', unit)).Append('\n')
            .Append(new string('*', unit)).Append('\n')
            .ToString();
    }

    private static string Repeat(string text, int length) =>
        string.Concat(Enumerable.Repeat(text, Math.Max(1, length / text.Length)));
}
