using ComplianceKit.Anchoring;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the hosted checkpoint publisher to a <see cref="ComplianceKitBuilder"/>.</summary>
public static class ComplianceKitCheckpointPublishingExtensions
{
    /// <summary>
    /// Runs a background service in the host that checkpoints each chain on <see cref="CheckpointPublishingOptions.Schedule"/>
    /// (signed by the registered <see cref="ComplianceKit.Signing.ICmsSigner"/>, recorded as a <c>checkpoint.published</c> entry),
    /// publishes it to the sinks, asks the witnesses to co-sign it, and retries with backoff whatever failed (docs/ANCHORING.md). Needs a store and a generic host.
    /// </summary>
    /// <param name="builder">The builder from <c>AddComplianceKit</c>.</param>
    /// <param name="configure">Sets the chains, schedule, sinks, witnesses and retry delays.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static ComplianceKitBuilder AddCheckpointPublishing(this ComplianceKitBuilder builder, Action<CheckpointPublishingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<CheckpointPublishingOptions>()
            .Configure(o => configure?.Invoke(o))
            .Validate(o => o.PollInterval > NodaTime.Duration.Zero && o.FirstRetryDelay > NodaTime.Duration.Zero && o.MaxRetryDelay >= o.FirstRetryDelay,
                "CheckpointPublishingOptions: the poll interval and retry delays must be positive, the maximum at least the first.")
            .Validate(o => o.Schedule is { EveryEntries: > 0 } && o.Schedule.Every > NodaTime.Duration.Zero,
                "CheckpointPublishingOptions.Schedule needs a positive entry count and period.")
            .Validate(o => o.WitnessesRequired is null || (o.WitnessesRequired >= 0 && o.WitnessesRequired <= o.Witnesses.Count),
                "CheckpointPublishingOptions.WitnessesRequired must be between 0 and the number of witnesses.")
            .ValidateOnStart();
        builder.Services.AddHostedService<CheckpointPublishingService>();
        return builder;
    }
}
