using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace ComplianceKit.EntityFrameworkCore.Access;

/// <summary>
/// SQL the ledger's queries need and LINQ cannot say over an instant stored as Unix microseconds:
/// the whole hour an instant falls in, as integer division on the stored column.
/// </summary>
internal static class LedgerDbFunctions
{
    public const long MicrosecondsPerHour = 3_600_000_000;

    private static readonly LongTypeMapping Int64 = new("bigint");

    /// <summary>Whole hours since the Unix epoch of a stored instant (in SQL: <c>column / 3600000000</c>).</summary>
    /// <remarks>Called with <c>EF.Property&lt;long&gt;(entry, "OccurredAt")</c>, so the argument is the stored integer, not the converted instant.</remarks>
    public static long UnixHour(long unixMicroseconds) => unixMicroseconds / MicrosecondsPerHour;

    public static void Register(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(LedgerDbFunctions).GetMethod(nameof(UnixHour))!)
            .HasTranslation(arguments => new SqlBinaryExpression(ExpressionType.Divide, arguments[0],
                new SqlConstantExpression(MicrosecondsPerHour, typeof(long), Int64), typeof(long), Int64));
}
