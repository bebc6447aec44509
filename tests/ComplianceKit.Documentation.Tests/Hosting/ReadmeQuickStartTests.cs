using System.Reflection;
using ComplianceKit.Documentation.Tests.Snippets;
using ComplianceKit.EntityFrameworkCore;
using ComplianceKit.EntityFrameworkCore.Sqlite;
using ComplianceKit.Ledger;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ComplianceKit.Documentation.Tests.Hosting;

/// <summary>The README's quick start, compiled and run exactly as written in an empty folder, creates a ledger that verifies.</summary>
[Collection(ProcessStateCollection.Name)]
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task QuickStart_RunAsWrittenInAnEmptyFolder_AppendsAnEntryThatVerifies()
    {
        var block = MarkdownCodeBlocks.Read("README.md")[0];
        var program = SnippetCompiler.Load(block);
        using var folder = new TempFolder();

        var printed = RunIn(folder.Path, program);

        Assert.Equal("True", printed.Trim());
        var database = Path.Combine(folder.Path, "app.db");
        Assert.True(File.Exists(database), "the quick start did not create app.db in its working folder");
        var services = new ServiceCollection().AddDbContext<ComplianceKitDbContext>(o => o.UseSqlite($"Data Source={database};Pooling=False"));
        services.AddComplianceKit(o => o.Organization = "Test").AddEntityFrameworkCoreStore<ComplianceKitDbContext>().UseSqliteDialect();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IComplianceLedger>();
        var report = await ledger.VerifyAsync("default");
        Assert.True(report.IsValid);
        Assert.Equal(1, report.TreeHead.Size);
        var entry = await ledger.GetEntryAsync("default", 0);
        Assert.NotNull(entry);
        Assert.Equal(("policy.acknowledged", "policy:access-control", "user:kim"), (entry.EntryType, entry.Subject, entry.Actor));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void QuickStart_IsTheFirstBlockAndCreatesItsTables()
    {
        var block = MarkdownCodeBlocks.Read("README.md")[0];

        Assert.Contains("ComplianceKitDatabase.EnsureCreatedAsync", block.Code, StringComparison.Ordinal);
        Assert.DoesNotContain("schema:", block.Code, StringComparison.Ordinal);
        Assert.Empty(block.Given);
    }

    [Fact]
    public async Task QuickStart_ItsDbContextOnSqlite_CreatesTablesWithoutAWarning()
    {
        var contextType = SnippetCompiler.Load(MarkdownCodeBlocks.Read("README.md")[0]).GetType("AppDbContext")!;
        using var folder = new TempFolder();
        var warnings = new List<string>();

        await using (var context = NewContext(contextType, Path.Combine(folder.Path, "app.db"), warnings))
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context);
        }

        SqliteConnection.ClearAllPools();
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task SchemaOnSqlite_TheMistakeTheReadmeWarnsAgainst_LogsWarnings()
    {
        using var folder = new TempFolder();
        var warnings = new List<string>();

        await using (var context = NewContext(typeof(SchemaOnSqliteContext), Path.Combine(folder.Path, "app.db"), warnings))
        {
            await ComplianceKitDatabase.EnsureCreatedAsync(context);
        }

        SqliteConnection.ClearAllPools();
        Assert.Contains(warnings, w => w.Contains("schema", StringComparison.OrdinalIgnoreCase));
    }

    private static DbContext NewContext(Type contextType, string path, List<string> warnings)
    {
        var options = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType))!;
        options.UseSqlite($"Data Source={path}").UseComplianceKitDialect(SqliteLedgerDialect.Instance).LogTo(warnings.Add, Microsoft.Extensions.Logging.LogLevel.Warning);
        return (DbContext)Activator.CreateInstance(contextType, options.Options)!;
    }

    /// <summary>Runs the program's entry point with <paramref name="folder"/> as the current directory; returns what it printed.</summary>
    private static string RunIn(string folder, Assembly program)
    {
        var directory = Environment.CurrentDirectory;
        var console = Console.Out;
        using var printed = new StringWriter();
        try
        {
            Environment.CurrentDirectory = folder;
            Console.SetOut(printed);
            var entryPoint = program.EntryPoint!;
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = directory;
            SqliteConnection.ClearAllPools();
        }

        return printed.ToString();
    }

    private sealed class SchemaOnSqliteContext(DbContextOptions<SchemaOnSqliteContext> options) : DbContext(options), IComplianceKitDbContext
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyComplianceKit(schema: "compliance");
    }
}
