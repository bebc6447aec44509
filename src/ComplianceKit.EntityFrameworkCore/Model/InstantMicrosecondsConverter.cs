using ComplianceKit.Ledger;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace ComplianceKit.EntityFrameworkCore.Model;

/// <summary>Stores an <see cref="Instant"/> as whole Unix microseconds, the precision that was hashed, on every provider.</summary>
public sealed class InstantMicrosecondsConverter : ValueConverter<Instant, long>
{
    /// <summary>Creates the converter.</summary>
    public InstantMicrosecondsConverter()
        : base(i => EntryEncoding.ToUnixMicroseconds(i), m => EntryEncoding.FromUnixMicroseconds(m))
    {
    }
}
