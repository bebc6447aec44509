using ComplianceKit.Anchoring;
using ComplianceKit.Hashing;

namespace ComplianceKit.Cli.Output;

/// <summary>The JSON shape of <c>checkpoint --json</c>, documented in docs/ANCHORING.md.</summary>
internal sealed record CheckpointJson(string ChainId, CheckpointJson.RecordedJson? Recorded, CheckpointJson.RecordedJson? Newest, IReadOnlyDictionary<string, int> Published,
    IReadOnlyList<CheckpointSinkFailure> Failures, bool Complete)
{
    /// <summary>Distinct witnesses whose co-signature of the newest checkpoint the chain records.</summary>
    public int Cosignatures { get; init; }

    public int WitnessesRequired { get; init; }

    public IReadOnlyList<WitnessFailure> WitnessFailures { get; init; } = [];

    public static CheckpointJson From(string chainId, CheckpointPublication result) =>
        new(chainId, Of(result.Recorded), Of(result.Newest), result.Published, result.Failures, result.IsComplete)
        {
            Cosignatures = result.Cosignatures, WitnessesRequired = result.WitnessesRequired, WitnessFailures = result.WitnessFailures,
        };

    private static RecordedJson? Of(RecordedCheckpoint? checkpoint) => checkpoint is null
        ? null
        : new RecordedJson(checkpoint.Checkpoint.Checkpoint.Origin, checkpoint.Checkpoint.Checkpoint.TreeSize, Hex.Format(checkpoint.Checkpoint.Checkpoint.Root),
            checkpoint.Sequence, ComplianceKit.Bundles.BundleInstant.Format(checkpoint.RecordedAt));

    internal sealed record RecordedJson(string Origin, long TreeSize, string TreeRoot, long Sequence, string RecordedAt);
}
