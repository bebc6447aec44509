using System.Buffers;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using NodaTime;

namespace ComplianceKit.Domain;

/// <summary>Checks shared by the domain's payloads before they become ledger entries.</summary>
internal static class DomainText
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The longest identifier (control, evidence, vendor, BAA, person, course) accepted.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Throws unless <paramref name="id"/> is 1 to 200 characters without whitespace or control characters.</summary>
    public static void RequireId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IsPrintableWithoutSpaces(id))
        {
            throw new ArgumentException($"{field} '{id}' is invalid: use 1 to {MaxIdLength} characters without spaces or control characters.", field);
        }
    }

    // A loop over the span: projecting a chain checks every id of every entry, and the enumerator LINQ would use is an allocation each.
    private static bool IsPrintableWithoutSpaces(string id)
    {
        foreach (var c in id.AsSpan())
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws unless <paramref name="value"/> has text.</summary>
    public static void RequireText(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{field} is required.", field);
        }
    }

    /// <summary>Throws unless <paramref name="hex"/> is null or 64 lower-case hex digits.</summary>
    public static void RequireSha256(string? hex, string field, bool required)
    {
        if (hex is null)
        {
            if (required)
            {
                throw new ArgumentException($"{field} is required.", field);
            }

            return;
        }

        if (hex.Length != Sha256Digest.Size * 2 || hex.AsSpan().ContainsAnyExcept(LowerHex))
        {
            throw new ArgumentException($"{field} must be 64 lower-case hex digits (a SHA-256 digest).", field);
        }
    }

    /// <summary>A percentage rounded to one decimal, 100 for an empty denominator.</summary>
    public static decimal Percent(decimal part, decimal whole) =>
        whole <= 0 ? 100m : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>An instant as people read it in messages: ISO 8601 with microseconds, the precision that was hashed.</summary>
    public static string Show(Instant? instant) => instant is { } value ? PayloadCodec.FormatInstant(value) : "never";
}
