using System.Text.Json;
using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>Stores a list as a JSON array in a text column (camelCase, enums as strings), on every provider.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class JsonListConverter<T> : ValueConverter<IReadOnlyList<T>, string>
{
    /// <summary>Creates the converter.</summary>
    public JsonListConverter()
        : base(v => JsonSerializer.Serialize(v, LedgerJson.Options), v => JsonSerializer.Deserialize<List<T>>(v, LedgerJson.Options) ?? new List<T>())
    {
    }

    /// <summary>Compares lists by their elements, for change tracking.</summary>
    public static ValueComparer<IReadOnlyList<T>> Comparer { get; } = new(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item)),
        v => v.ToList());
}
