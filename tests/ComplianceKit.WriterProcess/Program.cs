using System.Globalization;
using ComplianceKit;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Ledger;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

// Usage: writer <sqlite|postgres> <connection> <chain> <process-tag> <writers> <batches-per-writer> <batch-size>
// Prints "ACK <writer>-<batch>" once a batch has committed; the parent may kill this process at any time.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: writer <sqlite|postgres> <connection> <chain> <tag> <writers> <batches> <batch-size>");
    return 2;
}

var (provider, connection, chain, tag) = (args[0], args[1], args[2], args[3]);
var writers = int.Parse(args[4], CultureInfo.InvariantCulture);
var batches = int.Parse(args[5], CultureInfo.InvariantCulture);
var batchSize = int.Parse(args[6], CultureInfo.InvariantCulture);
var options = new DbContextOptionsBuilder<ComplianceKitDbContext>();
if (provider == "sqlite")
{
    options.UseSqlite(connection);
}
else
{
    options.UseNpgsql(connection);
}

var output = TextWriter.Synchronized(Console.Out);
var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
{
    await using var context = new ComplianceKitDbContext(options.Options);
#pragma warning disable RS0030 // a real process with a real clock
    var ledger = new EntityFrameworkLedger<ComplianceKitDbContext>(context, SystemClock.Instance, Options.Create(new ComplianceKitOptions()));
#pragma warning restore RS0030
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
