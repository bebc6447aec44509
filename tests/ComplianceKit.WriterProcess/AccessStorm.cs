using System.Globalization;
using ComplianceKit;
using ComplianceKit.Access;
using ComplianceKit.EntityFrameworkCore.GroupCommit;
using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

/// <summary>
/// Many callers recording access events through one group-commit log, as a busy clinic app would.
/// Prints "ACK &lt;record reference&gt;" once an event's task completed (it is committed); the parent
/// kills this process at any time and checks that every acknowledged event is in the chain exactly once.
/// </summary>
internal static class AccessStorm
{
    public const string Mode = "access-storm";

    // Usage: writer access-storm <sqlite|postgres> <connection> <schema|-> <chain> <tag> <callers> <events-per-caller> <key-hex>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 8)
        {
            Console.Error.WriteLine("usage: writer access-storm <sqlite|postgres> <connection> <schema|-> <chain> <tag> <callers> <events-per-caller> <key-hex>");
            return 2;
        }

        var (provider, connection, schema, chain, tag) = (args[0], args[1], args[2] == "-" ? null : args[2], args[3], args[4]);
        var callers = int.Parse(args[5], CultureInfo.InvariantCulture);
        var events = int.Parse(args[6], CultureInfo.InvariantCulture);
        var options = new DbContextOptionsBuilder<WriterDbContext>();
        if (provider == "sqlite")
        {
            options.UseSqlite(connection).UseComplianceKitDialect(SqliteLedgerDialect.Instance);
        }
        else
        {
            options.UseNpgsql(connection).UseComplianceKitDialect(PostgreSqlLedgerDialect.Instance);
        }

        await using var log = new GroupCommitAccessLog<WriterDbContext>(new Factory(options.Options, schema), SystemClock.Instance,
            Options.Create(new ComplianceKitOptions()),
            Options.Create(new AccessAuditOptions { ChainId = chain, PseudonymKey = Convert.FromHexString(args[7]) }),
            Options.Create(new GroupCommitOptions { QueueCapacity = 1024 }));
        var output = TextWriter.Synchronized(Console.Out);
        var tasks = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < events; i++)
            {
                var reference = $"{tag}/{c}/{i}";
                await log.RecordAsync(new AccessEvent
                {
                    UserId = $"user-{c % 16}",
                    Role = "nurse",
                    RecordReference = reference,
                    Action = (AccessAction)(i % 6),
                    PurposeOfUse = PurposeOfUse.Treatment,
                    Outcome = i % 50 == 0 ? AccessOutcome.Denied : AccessOutcome.Allowed,
                    Client = $"ws-{c}",
                    SessionId = $"s-{tag}-{c}",
                });
                output.WriteLine($"ACK {reference}");
                output.Flush();
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return 0;
    }

    private sealed class Factory(DbContextOptions<WriterDbContext> options, string? schema) : IDbContextFactory<WriterDbContext>
    {
        public WriterDbContext CreateDbContext() => new(options, schema);
    }
}
