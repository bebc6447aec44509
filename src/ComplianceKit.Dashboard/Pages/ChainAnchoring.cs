using ComplianceKit.Anchoring;
using NodaTime;

namespace ComplianceKit.Dashboard.Pages;

/// <summary>
/// One row of the dashboard's anchoring section: a chain, its verified size, the newest checkpoint it records and who co-signed it,
/// and what the pinned witnesses anchor (the rule of <see cref="AnchorVerifier"/>). <see cref="Problem"/> is set when the chain does not
/// verify: then nothing else is read from it.
/// </summary>
internal sealed record ChainAnchoring(string ChainId, long VerifiedSize, string? Problem)
{
    /// <summary>The newest checkpoint recorded below the verified head, or null.</summary>
    public StoredCheckpoint? Newest { get; init; }

    /// <summary>The organisation's signing time of <see cref="Newest"/>, when its signature verifies against the checkpoint trust.</summary>
    public Instant? NewestSignedAt { get; init; }

    /// <summary>The subjects of the pinned witnesses whose intact co-signatures <see cref="Newest"/> carries.</summary>
    public IReadOnlyList<string> NewestWitnesses { get; init; } = [];

    /// <summary>How many intact co-signatures of <see cref="Newest"/> come from witnesses not pinned (shown, never counted).</summary>
    public int NewestUnpinnedCosignatures { get; init; }

    /// <summary>The pinned witnesses' judgement; null when none is pinned or no trust anchors for checkpoint signatures were given.</summary>
    public AnchorReport? Report { get; init; }

    /// <summary>Why there is no <see cref="Report"/>, when there is none.</summary>
    public string? NotJudged { get; init; }
}
