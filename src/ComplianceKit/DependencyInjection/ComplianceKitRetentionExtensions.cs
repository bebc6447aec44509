using ComplianceKit.Retention;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures retention on a <see cref="ComplianceKitBuilder"/>.</summary>
public static class ComplianceKitRetentionExtensions
{
    /// <summary>
    /// Sets the retention options: regulatory minimums per category (six years for documentation by
    /// default) and the purge batch size. The store registers <see cref="IRetentionLedger"/>; without this
    /// call it uses the defaults.
    /// </summary>
    /// <param name="builder">The builder from <c>AddComplianceKit</c>.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ComplianceKitBuilder AddRetention(this ComplianceKitBuilder builder, Action<RetentionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RetentionOptions>()
            .Configure(o => configure?.Invoke(o))
            .Validate(o => o.BatchSize is >= 1 and <= RetentionOptions.MaxBatchSize, $"RetentionOptions.BatchSize must be 1 to {RetentionOptions.MaxBatchSize}.")
            .Validate(o => o.RegulatoryMinimums.Values.All(IsValidPeriod), "RetentionOptions.RegulatoryMinimums must hold positive, whole-day periods.")
            .ValidateOnStart();
        return builder;
    }

    private static bool IsValidPeriod(NodaTime.Period period)
    {
        try
        {
            RetentionCalendar.EnsureValid(period, nameof(period));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
