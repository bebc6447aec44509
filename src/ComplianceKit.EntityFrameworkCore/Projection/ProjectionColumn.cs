using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>A mapped column: its name, property and converter.</summary>
internal sealed class ProjectionColumn(string name, IProperty property, ValueConverter? converter)
{
    private readonly Func<object, object?> _read = CompileRead(property, converter);

    public string Name { get; } = name;

    public IProperty Property { get; } = property;

    public ValueConverter? Converter { get; } = converter;

    /// <summary>The value as the database stores it.</summary>
    public object? ProviderValue(object row) => _read(row);

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

    /// <summary>
    /// Reads the member and applies the converter in one compiled delegate: a rebuild reads every column of every row, and
    /// EF's getter plus <see cref="ValueConverter.ConvertToProvider"/> box each value twice through two layers of delegates.
    /// Null stays null, unconverted, as the converter's own null handling does. A property without a CLR member (a shadow
    /// property) reads through EF.
    /// </summary>
    private static Func<object, object?> CompileRead(IProperty property, ValueConverter? converter)
    {
        var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo;
        if (member is null)
        {
            var getter = property.GetGetter();
            return row => getter.GetClrValueUsingContainingEntity(row) is { } value ? converter is null ? value : converter.ConvertToProvider(value) : null;
        }

        var row = Expression.Parameter(typeof(object), "row");
        var read = Expression.MakeMemberAccess(Expression.Convert(row, member.DeclaringType!), member);
        var underlying = Nullable.GetUnderlyingType(read.Type);
        Expression value = underlying is null ? read : Expression.Property(read, nameof(Nullable<int>.Value));
        if (converter is not null)
        {
            value = Expression.Invoke(converter.ConvertToProviderExpression, Expression.Convert(value, converter.ModelClrType));
        }

        Expression boxed = Expression.Convert(value, typeof(object));
        var body = read.Type.IsValueType && underlying is null
            ? boxed
            : Expression.Condition(Expression.Equal(read, Expression.Constant(null, read.Type)), Expression.Constant(null, typeof(object)), boxed);
        return Expression.Lambda<Func<object, object?>>(body, row).Compile();
    }
}
