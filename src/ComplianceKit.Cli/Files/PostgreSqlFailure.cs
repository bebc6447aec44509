using System.Net.Sockets;
using Npgsql;

namespace ComplianceKit.Cli.Files;

/// <summary>One line for a PostgreSQL failure, naming the database by its display form (never the password) and never a stack trace.</summary>
internal static class PostgreSqlFailure
{
    public static string Describe(LedgerLocation? location, NpgsqlException exception)
    {
        var where = location is null ? "PostgreSQL" : $"PostgreSQL at {location}";
        var message = OneLine(exception is PostgresException server ? $"{server.SqlState}: {server.MessageText}" : exception.Message);
        return exception.InnerException is SocketException or TimeoutException || exception is NpgsqlException { IsTransient: true } && exception is not PostgresException
            ? $"cannot reach {where}: {message}{(exception.InnerException is { } inner ? $" ({OneLine(inner.Message)})" : "")}"
            : $"{where}: {message}";
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
