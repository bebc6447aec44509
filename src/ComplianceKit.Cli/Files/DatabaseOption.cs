using System.CommandLine;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli.Files;

/// <summary><c>--db</c>, the same everywhere: a SQLite file or a PostgreSQL database (<see cref="LedgerLocation"/>), read when the command line is parsed.</summary>
internal static class DatabaseOption
{
    private const string Forms = " A SQLite file, or PostgreSQL as postgresql://user@host:5432/database or \"Host=...;Database=...\" (password from PGPASSWORD or ~/.pgpass).";

    public static Option<LedgerLocation> Create(string description) =>
        new("--db") { Description = description + Forms, Required = true, CustomParser = Parse };

    /// <summary>For a command where <c>--db</c> is one of two inputs (<c>verify</c>).</summary>
    public static Option<LedgerLocation?> CreateOptional(string description) =>
        new("--db") { Description = description + Forms, CustomParser = Parse };

    private static LedgerLocation? Parse(System.CommandLine.Parsing.ArgumentResult result)
    {
        try
        {
            return LedgerLocation.Parse(result.Tokens.Single().Value);
        }
        catch (UsageException ex)
        {
            result.AddError(ex.Message);
            return null;
        }
    }
}
