using NodaTime;

namespace ComplianceKit.Ledger;

/// <summary>
/// Instants in the ledger are whole microseconds since the Unix epoch: the precision both SQLite
/// (as an integer) and PostgreSQL (timestamptz) keep exactly, so what is displayed is what was hashed.
/// </summary>
internal static class InstantCodec
{
    /// <summary>Returns <paramref name="instant"/> truncated towards the past to whole microseconds.</summary>
    public static Instant TruncateToMicroseconds(Instant instant) => FromUnixMicroseconds(ToUnixMicroseconds(instant));

    /// <summary>Converts to whole microseconds since the Unix epoch, truncating towards the past.</summary>
    public static long ToUnixMicroseconds(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        var micros = ticks / 10;
        return ticks % 10 < 0 ? micros - 1 : micros;
    }

    /// <summary>Converts whole microseconds since the Unix epoch to an <see cref="Instant"/>.</summary>
    public static Instant FromUnixMicroseconds(long microseconds) => Instant.FromUnixTimeTicks(microseconds * 10);
}
