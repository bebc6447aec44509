using System.Globalization;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>A mapped column: its name, property and converter.</summary>
internal sealed record ProjectionColumn(string Name, IProperty Property, ValueConverter? Converter)
{
    /// <summary>The value as the database stores it.</summary>
    public object? ProviderValue(object row)
    {
        var value = Property.GetGetter().GetClrValueUsingContainingEntity(row);
        return value is null ? null : Converter is null ? value : Converter.ConvertToProvider(value);
    }

    /// <summary>A provider value (written or read back) as comparable, displayable text: the same value gives the same text on every provider.</summary>
    public string? Text(object? providerValue)
    {
        if (providerValue is null or DBNull)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(Converter?.ProviderClrType ?? Property.ClrType) ?? Converter?.ProviderClrType ?? Property.ClrType;
        try
        {
            return providerValue switch
            {
                byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
                _ when type == typeof(bool) => Convert.ToBoolean(providerValue, CultureInfo.InvariantCulture) ? "true" : "false",
                _ when type == typeof(int) || type == typeof(long) => Convert.ToInt64(providerValue, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                _ when type == typeof(double) => Convert.ToDouble(providerValue, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
                _ => Convert.ToString(providerValue, CultureInfo.InvariantCulture),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            return $"{providerValue} (unreadable as {type.Name})";
        }
    }
}
