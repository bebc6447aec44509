using ComplianceKit.Hashing;

namespace ComplianceKit.Anchoring;

/// <summary>
/// Compares a verified chain with the checkpoints published of it (docs/FORMAT.md 13.3): the chain must be a consistent extension
/// of every one, that is hold at least its size with the same root at that size. Pure apart from the root callback.
/// </summary>
public static class AnchorVerifier
{
    /// <summary>Judges <paramref name="candidates"/> of <paramref name="origin"/> against a chain of <paramref name="chainSize"/> entries.</summary>
    /// <param name="origin">The chain's origin; candidates of other origins are ignored.</param>
    /// <param name="chainSize">The verified chain's size.</param>
    /// <param name="rootAt">The RFC 6962 root of the chain's first <c>n</c> entries, for <c>n</c> up to <paramref name="chainSize"/>.</param>
    /// <param name="candidates">The published checkpoints with their verified signatures and witness counts.</param>
    /// <param name="witnessesRequired">How many trusted witness co-signatures a checkpoint needs to anchor (0: the organisation's signature suffices).</param>
    /// <param name="cancellationToken">Cancels the root reads.</param>
    public static Task<AnchorReport> CheckAsync(string origin, long chainSize, Func<long, CancellationToken, Task<byte[]>> rootAt,
        IReadOnlyList<AnchorCandidate> candidates, int witnessesRequired, CancellationToken cancellationToken) =>
        CheckAsync(origin, chainSize, rootAt, candidates, [], witnessesRequired, cancellationToken);

    /// <summary>
    /// As the overload without restores, but a published checkpoint of an earlier epoch that a signed restore statement declares lost
    /// (above its restored-to size, at most its lost size) is not held against the chain; each such statement is reported as a
    /// <see cref="AnchorFindingKind.LostInRestore"/> finding instead (docs/FORMAT.md 13.7). A statement whose signature does not verify
    /// is <see cref="AnchorFindingKind.SignatureInvalid"/>, one whose restored-to checkpoint the chain does not extend is
    /// <see cref="AnchorFindingKind.Contradicted"/>; neither excuses anything.
    /// </summary>
    /// <param name="origin">The chain's origin; candidates and statements of other origins are ignored.</param>
    /// <param name="chainSize">The verified chain's size.</param>
    /// <param name="rootAt">The RFC 6962 root of the chain's first <c>n</c> entries, for <c>n</c> up to <paramref name="chainSize"/>.</param>
    /// <param name="candidates">The published checkpoints with their verified signatures, witness counts and epochs.</param>
    /// <param name="restores">The published restore statements with their verified signatures and epochs.</param>
    /// <param name="witnessesRequired">How many trusted witness co-signatures a checkpoint needs to anchor (0: the organisation's signature suffices).</param>
    /// <param name="cancellationToken">Cancels the root reads.</param>
    public static async Task<AnchorReport> CheckAsync(string origin, long chainSize, Func<long, CancellationToken, Task<byte[]>> rootAt,
        IReadOnlyList<AnchorCandidate> candidates, IReadOnlyList<RestoreCandidate> restores, int witnessesRequired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(rootAt);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(restores);
        ArgumentOutOfRangeException.ThrowIfNegative(chainSize);
        ArgumentOutOfRangeException.ThrowIfNegative(witnessesRequired);

        var findings = new List<AnchorFinding>();
        var honoured = await JudgeRestoresAsync(origin, chainSize, rootAt, restores, findings, cancellationToken).ConfigureAwait(false);
        long anchored = 0;
        NodaTime.Instant? newest = null;
        var checkedCount = 0;
        var withoutQuorum = 0;
        foreach (var candidate in candidates.Where(c => c.Checkpoint.Checkpoint.Origin == origin).OrderBy(c => c.Checkpoint.Checkpoint.TreeSize))
        {
            checkedCount++;
            var checkpoint = candidate.Checkpoint.Checkpoint;
            var name = $"checkpoint {candidate.Source} (size {checkpoint.TreeSize}, root {Hex.Format(checkpoint.Root)})";
            if (IsLostIn(candidate, honoured))
            {
                continue;
            }

            if (!candidate.Signature.IsValid)
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.SignatureInvalid, candidate.Source, checkpoint.TreeSize,
                    $"{name}: its signature does not verify ({candidate.Signature.Status}): {candidate.Signature.Message}"));
                continue;
            }

            if (candidate.KeyRefusal is { } refusal)
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.KeyRefused, candidate.Source, checkpoint.TreeSize, $"{name}: {refusal}"));
                continue;
            }

            if (checkpoint.TreeSize > chainSize)
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.Truncated, candidate.Source, checkpoint.TreeSize,
                    $"{name}: the chain holds {chainSize} entries, fewer than the published checkpoint covers: anchored entries were removed."));
                continue;
            }

            var root = await rootAt(checkpoint.TreeSize, cancellationToken).ConfigureAwait(false);
            if (!root.AsSpan().SequenceEqual(checkpoint.Root))
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.Contradicted, candidate.Source, checkpoint.TreeSize,
                    $"{name}: the chain's root at that size is {Hex.Format(root)}: entries the published checkpoint covers were rewritten."));
                continue;
            }

            if (candidate.WitnessCosignatures < witnessesRequired)
            {
                withoutQuorum++;
                continue;
            }

            anchored = Math.Max(anchored, checkpoint.TreeSize);
            if (candidate.Signature.SigningTime is { } signed && (newest is null || signed > newest))
            {
                newest = signed;
            }
        }

        var failed = findings.Any(f => f.Kind != AnchorFindingKind.LostInRestore);
        return new AnchorReport
        {
            Origin = origin, ChainSize = chainSize, AnchoredSize = failed ? 0 : anchored, NewestAnchorTime = failed ? null : newest,
            CheckpointsChecked = checkedCount, CheckpointsWithoutQuorum = withoutQuorum, Findings = findings,
        };
    }

    /// <summary>The statements that may excuse lost checkpoints, in epoch order: signed by a trusted key and extended by the chain at their restored-to size.</summary>
    private static async Task<List<RestoreCandidate>> JudgeRestoresAsync(string origin, long chainSize, Func<long, CancellationToken, Task<byte[]>> rootAt,
        IReadOnlyList<RestoreCandidate> restores, List<AnchorFinding> findings, CancellationToken cancellationToken)
    {
        var honoured = new List<RestoreCandidate>();
        foreach (var restore in restores.Where(r => r.Statement.Statement.Origin == origin).OrderBy(r => r.Epoch))
        {
            var statement = restore.Statement.Statement;
            var lost = statement.Lost.TreeSize;
            var restoredTo = statement.RestoredTo;
            var name = $"restore statement {restore.Source} (restored to size {restoredTo.TreeSize}, lost size {lost})";
            if (!restore.Signature.IsValid)
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.SignatureInvalid, restore.Source, lost,
                    $"{name}: its signature does not verify ({restore.Signature.Status}): {restore.Signature.Message}; it excuses no lost history."));
                continue;
            }

            if (restoredTo.TreeSize > chainSize || !(await rootAt(restoredTo.TreeSize, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(restoredTo.Root))
            {
                findings.Add(new AnchorFinding(AnchorFindingKind.Contradicted, restore.Source, restoredTo.TreeSize,
                    $"{name}: the chain does not extend the checkpoint it says the database was restored to; it excuses no lost history."));
                continue;
            }

            var when = restore.Signature.SigningTime is { } t ? t.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture) : "an unknown date";
            findings.Add(new AnchorFinding(AnchorFindingKind.LostInRestore, restore.Source, lost,
                $"entries {restoredTo.TreeSize}..{lost - 1} lost in a restore on {when}, statement signed by {restore.Signature.SignerCertificate?.Subject ?? "an unknown signer"} ({restore.Source}; restored to size {restoredTo.TreeSize}, root {Hex.Format(restoredTo.Root)})"));
            honoured.Add(restore);
        }

        return honoured;
    }

    /// <summary>
    /// Whether a checkpoint belongs to history a restore lost: the first later restore that cut below its size covers it, up to the
    /// lost size (at the lost size, of the epoch that restore ended, with the lost root). A checkpoint above what a statement admits
    /// losing is judged as any other, so understating the loss does not hide it.
    /// </summary>
    private static bool IsLostIn(AnchorCandidate candidate, List<RestoreCandidate> honoured)
    {
        var checkpoint = candidate.Checkpoint.Checkpoint;
        var cut = honoured.FirstOrDefault(r => r.Epoch > candidate.Epoch && r.Statement.Statement.RestoredTo.TreeSize < checkpoint.TreeSize);
        if (cut is null)
        {
            return false;
        }

        var lost = cut.Statement.Statement.Lost;
        return checkpoint.TreeSize < lost.TreeSize
            || (checkpoint.TreeSize == lost.TreeSize && (cut.Epoch != candidate.Epoch + 1 || checkpoint.Root.AsSpan().SequenceEqual(lost.Root)));
    }
}
