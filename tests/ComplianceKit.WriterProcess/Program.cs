using System.Globalization;
using ComplianceKit;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.EntityFrameworkCore.PostgreSql;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

// Usage: writer <sqlite|postgres> <connection> <schema|-> <chain> <process-tag> <writers> <batches-per-writer> <batch-size>
//        writer access-storm ... (see AccessStorm.cs)
// Prints "ACK <writer>-<batch>" once a batch has committed; the parent may kill this process at any time.
if (args.Length > 0 && args[0] == AccessStorm.Mode)
{
    return await AccessStorm.RunAsync(args[1..]);
}

if (args.Length != 8)
{
    Console.Error.WriteLine("usage: writer <sqlite|postgres> <connection> <schema|-> <chain> <tag> <writers> <batches> <batch-size>");
    return 2;
}

var (provider, connection, schema, chain, tag) = (args[0], args[1], args[2] == "-" ? null : args[2], args[3], args[4]);
var writers = int.Parse(args[5], CultureInfo.InvariantCulture);
var batches = int.Parse(args[6], CultureInfo.InvariantCulture);
var batchSize = int.Parse(args[7], CultureInfo.InvariantCulture);
var options = new DbContextOptionsBuilder<WriterDbContext>();
if (provider == "sqlite")
{
    options.UseSqlite(connection).UseComplianceKitDialect(SqliteLedgerDialect.Instance);
}
else
{
    options.UseNpgsql(connection).UseComplianceKitDialect(PostgreSqlLedgerDialect.Instance);
}

var output = TextWriter.Synchronized(Console.Out);
var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    await using var context = new WriterDbContext(options.Options, schema);
    var ledger = new EntityFrameworkLedger<WriterDbContext>(context, SystemClock.Instance, Options.Create(new ComplianceKitOptions()));
    for (var b = 0; b < batches; b++)
    {
        var id = $"{tag}.{w}-{b}";
        var drafts = Enumerable.Range(0, batchSize)
            .Select(i => EntryDraft.FromJson("test.write", id, $"writer-{tag}-{w}", $$"""{"batch":"{{id}}","index":{{i}}}"""))
            .ToArray();
        await ledger.AppendAsync(chain, drafts);
        output.WriteLine($"ACK {id}");
        output.Flush();
    }
})).ToArray();
await Task.WhenAll(tasks);
return 0;

/// <summary>A host context whose ComplianceKit tables may live in a schema.</summary>
internal sealed class WriterDbContext(DbContextOptions<WriterDbContext> options, string? schema) : DbContext(options), IComplianceKitDbContext
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit(schema);
}
