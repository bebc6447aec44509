using BenchmarkDotNet.Running;
using ComplianceKit.Benchmarks.Bundles;

// `dotnet run -c Release -- --filter '*'` runs everything; CI passes `--job Dry` for a smoke run.
// `dotnet run -c Release -- make-bundle N` writes the benchmark bundle of N entries (and its CA) and prints both paths,
// for scripts that time whole processes on it (benchmarks/verify-vs-sha256sum.sh).
// `dotnet run -c Release -- make-access-trail sqlite|postgres` makes AccessTrailBenchmarks' 1,000,000-event trail beforehand.
if (args is ["make-bundle", var count])
{
    var (bundle, caPem) = await BenchmarkBundle.CreateAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine(bundle);
    Console.WriteLine(caPem);
    return 0;
}

if (args is ["make-access-trail", var provider])
{
    Console.WriteLine(await ComplianceKit.Benchmarks.Access.AccessTrailBenchmarks.TemplateAsync(provider));
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

// BenchmarkDotNet reports a benchmark that threw as a table row of NA and still exits 0; the smoke
// run must fail instead, so a benchmark that stopped working is noticed.
var failed = summaries
    .SelectMany(s => s.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo)
        .Concat(s.HasCriticalValidationErrors ? [s.Title + ": validation errors"] : []))
    .ToList();
foreach (var name in failed)
{
    Console.Error.WriteLine($"benchmark failed: {name}");
}

return failed.Count == 0 ? 0 : 1;
