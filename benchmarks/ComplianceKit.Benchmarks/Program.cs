using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BenchmarkDotNet.Running;
using ComplianceKit.Benchmarks.Bundles;
using ComplianceKit.Benchmarks;
using ComplianceKit.Benchmarks.Ledger;

// `dotnet run -c Release -- --filter '*'` runs everything; CI passes `--job Dry` for a smoke run.
// `dotnet run -c Release -- make-bundle N` writes the benchmark bundle of N entries (and its CA) and prints both paths,
// for scripts that time whole processes on it (benchmarks/verify-vs-sha256sum.sh). `make-chain N` writes (or reuses) the
// SQLite chain of N entries and prints its path; `stream-sha256 <db>` is the streamed read + raw SHA-256 baseline of
// `verify --db` as a whole process (benchmarks/verify-db-vs-stream.sh). `access-storm sqlite|postgres [storms] [--no-index]
// [--no-publisher]` runs the access trail's storms alone, to profile the writer and to see what the side index and the
// checkpoint publisher cost it; `make-access-trail sqlite|postgres` makes
// AccessTrailBenchmarks' 1,000,000-event trail beforehand; `make-projection N` makes ProjectionRebuildBenchmarks' chain of N
// domain entries (longer, on a loaded machine, than the in-process toolchain lets a benchmark's setup take).
var invariant = System.Globalization.CultureInfo.InvariantCulture;
switch (args)
{
    case ["make-bundle", var count]:
        var (bundle, caPem) = await BenchmarkBundle.CreateAsync(int.Parse(count, invariant));
        Console.WriteLine(bundle);
        Console.WriteLine(caPem);
        return 0;
    case ["make-chain", var size]:
        Console.WriteLine(await BenchmarkData.ChainDatabaseAsync(int.Parse(size, invariant)));
        return 0;
    case ["stream-sha256", var path]:
        Console.WriteLine(await VerifyBenchmarks.StreamedReadPlusSha256Async(path));
        return 0;
    case ["make-projection", var entries]:
        Console.WriteLine(await ComplianceKit.Benchmarks.Domain.DomainBenchmarkData.ProjectionDatabaseAsync(int.Parse(entries, invariant)));
        return 0;
    case ["access-lookup-split", var provider, .. var more]:
        return await ComplianceKit.Benchmarks.Access.AccessLookupSplit.RunAsync(provider, more is [var rounds] ? int.Parse(rounds, invariant) : 1);
    case ["access-storm", var provider, .. var more]:
        return await ComplianceKit.Benchmarks.Access.AccessStorm.RunAsync(provider, more.FirstOrDefault(m => !m.StartsWith("--", StringComparison.Ordinal)) is { } storms ? int.Parse(storms, invariant) : 3,
            writesIndex: !more.Contains("--no-index"), publishes: !more.Contains("--no-publisher"));
    case ["make-access-trail", var provider]:
        Console.WriteLine(await ComplianceKit.Benchmarks.Access.AccessTrailBenchmarks.TemplateAsync(provider));
        return 0;
}

// Out of process, BenchmarkDotNet rebuilds this project and everything it references in a generated project, with shared
// compilation off; on a loaded 2-core machine that takes longer than its default 2-minute build timeout, and every benchmark
// then failed with "The configured timeout 00:02:00 was reached!" (TimestampedApprovalCheckBenchmarks first of all).
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(15));

// In process, BenchmarkDotNet stops a benchmark that runs longer than 5 minutes ("takes too long to run"); on this loaded
// machine AccessTrailBenchmarks' iterations (64,000 events on a 1,000,000-event trail) take longer. `--inProcess` here is
// BenchmarkDotNet's own in-process toolchain with an hour's limit.
if (args.Contains("--inProcess"))
{
    args = [.. args.Where(a => a != "--inProcess")];
    config.AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).AsMutator());
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

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
