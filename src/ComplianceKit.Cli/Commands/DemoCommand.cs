using System.CommandLine;
using ComplianceKit.Cli.Demo;
using ComplianceKit.Cli.Output;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary><c>compliancekit demo [--db compliance-demo.db]</c>: acts as a host app for a fake clinic, then verifies what it wrote.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var db = new Option<string>("--db") { Description = "Where the demo clinic keeps its ledger.", DefaultValueFactory = _ => "compliance-demo.db" };
        var command = new Command("demo", "Run a small fake clinic as a host app would, then verify its ledger.") { db };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(db)!, parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string path, TextWriter output, CancellationToken cancellationToken)
    {
        var clinic = new DemoClinic();

        // Wired as a host app would wire it (README quick start).
        var services = new ServiceCollection();
        services.AddDbContext<ComplianceKitDbContext>(o => o.UseSqlite($"Data Source={path}"));
        services.AddComplianceKit(o => o.Organization = DemoClinic.Name).AddEntityFrameworkCoreStore<ComplianceKitDbContext>();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        await using var scope = provider.CreateAsyncScope();
        await ComplianceKitDatabase.EnsureCreatedAsync(scope.ServiceProvider.GetRequiredService<ComplianceKitDbContext>(), cancellationToken).ConfigureAwait(false);
        var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
        var clock = scope.ServiceProvider.GetRequiredService<IClock>();

        output.WriteLine($"{DemoClinic.Name}: {clinic.Staff.Count} staff, {clinic.Vendors.Count} vendors; ledger {Path.GetFullPath(path)}");
        var drafts = clinic.ActivitySince(clock.GetCurrentInstant().Minus(Duration.FromHours(10))).ToList();
        foreach (var batch in drafts.Chunk(100))
        {
            await ledger.AppendAsync("default", batch, cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine($"Recorded {drafts.Count} entries:");
        foreach (var group in drafts.GroupBy(d => d.EntryType).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key,-22} {group.Count(),5}");
        }

        var report = await ledger.VerifyAsync("default", cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        VerificationText.Write(output, path, [report]);
        output.WriteLine();
        output.WriteLine($"Check it yourself: dotnet run --project src/ComplianceKit.Cli -- verify --db {path}");
        output.WriteLine($"Tree head to compare later: size {report.TreeHead.Size}, root {Hex.Format(report.TreeHead.Root)}");
        await DemoBundle.ExportAsync(scope.ServiceProvider, path, output, cancellationToken: cancellationToken).ConfigureAwait(false);
        return report.IsValid ? ExitCodes.Success : ExitCodes.CheckFailed;
    }
}
