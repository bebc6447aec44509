using NodaTime;

namespace ComplianceKit.Anchoring;

/// <summary>
/// What the hosted checkpoint publisher (<c>AddCheckpointPublishing</c>) does: which chains it checkpoints, on what schedule, with
/// which key, where it publishes, and how it retries. Its decisions read time only from the host's <see cref="IClock"/>.
/// </summary>
public sealed class CheckpointPublishingOptions
{
    /// <summary>The chains to checkpoint; empty (the default): only <see cref="ComplianceKitOptions.DefaultChainId"/>.</summary>
    public IList<string> Chains { get; } = [];

    /// <summary>
    /// Also publish one checkpoint over every chain of the ledger (<see cref="AllChainsCheckpointPublisher"/>, docs/FORMAT.md 13.8) on
    /// the same <see cref="Schedule"/>, to the same sinks and witnesses: what a host with a chain per tenant or facility publishes and
    /// has witnessed. Off by default.
    /// </summary>
    public bool AllChains { get; set; }

    /// <summary>When a chain is due for a checkpoint (default: every 1000 entries or 10 minutes, whichever comes first).</summary>
    public CheckpointSchedule Schedule { get; set; } = new();

    /// <summary>How often the publisher looks whether a chain is due or a retry is (default one second).</summary>
    public Duration PollInterval { get; set; } = Duration.FromSeconds(1);

    /// <summary>The wait after a first failed run before the chain is tried again; it doubles per failure (default 5 seconds).</summary>
    public Duration FirstRetryDelay { get; set; } = Duration.FromSeconds(5);

    /// <summary>The longest wait between retries (default 5 minutes).</summary>
    public Duration MaxRetryDelay { get; set; } = Duration.FromMinutes(5);

    /// <summary>
    /// The key of a keyed <see cref="Signing.ICmsSigner"/> service that signs checkpoints (for example a name given to
    /// <c>AddPkcs11Signer</c>); <see langword="null"/> (the default): the unkeyed <see cref="Signing.ICmsSigner"/> service.
    /// </summary>
    public object? SignerKey { get; set; }

    /// <summary>Sinks checkpoints are published to, besides every <see cref="ICheckpointSink"/> registered as a service.</summary>
    public IList<ICheckpointSink> Sinks { get; } = [];

    /// <summary>Witnesses asked to co-sign each new checkpoint (for example <see cref="DirectoryWitnessClient"/>); none by default.</summary>
    public IList<ICheckpointWitnessClient> Witnesses { get; } = [];

    /// <summary>How many of <see cref="Witnesses"/> must co-sign a checkpoint before the run is complete; <see langword="null"/> (the default): all of them.</summary>
    public int? WitnessesRequired { get; set; }
}
