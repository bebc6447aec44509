using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Verification;

namespace ComplianceKit.Projection;

/// <summary>
/// A chain's compliance state kept current in memory at a cost proportional to the entries appended since the last
/// update. The first <see cref="UpdateAsync"/> verifies every entry below the recorded head with the ledger's
/// <see cref="ChainVerifier"/> and projects them in the same pass; each later one reads only the entries past the size it
/// holds, verifies them by continuing the same verifier (the last entry hash and Merkle right edge it keeps), checks the
/// recorded head's size and root, and applies them to the same projector.
/// </summary>
/// <remarks>
/// <para>
/// Trust: the verifier and projector are trusted because this instance built them from entries it verified itself and
/// holds them in memory; nothing it continues from is read back from a table. The update rebuilds from the first entry
/// whenever the ledger does not extend what was projected: the recorded head is smaller, its root is not the root of the
/// held entries plus the new ones, a new entry does not verify or link, or a new entry's payload is purged (the rebuild
/// reads the chain's purges). A chain that does not verify throws <see cref="LedgerNotVerifiedException"/> and leaves
/// nothing held.
/// </para>
/// <para>
/// The store's checks of what it keeps beside the entries (stored Merkle nodes, rows past the head) are the full
/// verification's (<see cref="IComplianceLedger.VerifyAsync"/>, <c>compliancekit verify --db</c>); the projection needs
/// only the entries the recorded head covers. Thread-safe: updates are serialized, and a snapshot returned earlier is
/// never changed by a later update. Keep one instance per chain for the life of the process.
/// </para>
/// </remarks>
public sealed class IncrementalComplianceProjection : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Held? _held;

    /// <summary>Creates the projection of chain <paramref name="chainId"/>, holding nothing until the first update.</summary>
    /// <exception cref="LedgerValidationException">The chain id breaks the ledger's limits.</exception>
    public IncrementalComplianceProjection(string chainId)
    {
        LedgerLimits.ValidateChainId(chainId);
        ChainId = chainId;
    }

    /// <summary>The chain.</summary>
    public string ChainId { get; }

    /// <summary>How many entries the held state covers (0 before the first update, or after one that failed).</summary>
    public long Size => Volatile.Read(ref _held)?.Size ?? 0;

    /// <summary>How many entries the last update verified and applied: the new ones only, unless it rebuilt.</summary>
    public long LastUpdateEntriesRead { get; private set; }

    /// <summary>Whether the last update rebuilt from the first entry (the first update always does).</summary>
    public bool LastUpdateRebuilt { get; private set; }

    /// <summary>
    /// Brings the held state up to the chain's recorded head, in one read snapshot of <paramref name="ledger"/>, and returns
    /// it. Reads only the entries past the held size unless the ledger does not extend what was projected.
    /// </summary>
    /// <param name="ledger">The ledger (one per scope, as usual); the same chain every call.</param>
    /// <param name="cancellationToken">Cancels the update; the held state is then dropped and the next update rebuilds.</param>
    /// <returns>The state at the recorded head, with the verified root.</returns>
    /// <exception cref="LedgerNotVerifiedException">The chain does not verify; nothing is held afterwards.</exception>
    public async Task<ComplianceSnapshot> UpdateAsync(IComplianceLedger ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = await ledger.BeginReadSnapshotAsync(cancellationToken).ConfigureAwait(false);
            await using (snapshot.ConfigureAwait(false))
            {
                var head = await ledger.GetTreeHeadAsync(ChainId, cancellationToken: cancellationToken).ConfigureAwait(false);
                var held = _held;
                Volatile.Write(ref _held, null); // whatever fails below leaves nothing trusted
                var from = held?.Size ?? 0;
                var report = held is not null && head.Size >= held.Size
                    ? await TryExtendAsync(ledger, held, head, cancellationToken).ConfigureAwait(false)
                    : null;
                LastUpdateRebuilt = report is null;
                if (report is null)
                {
                    from = 0;
                    held = await RebuildAsync(ledger, head, cancellationToken).ConfigureAwait(false);
                    report = held.Verifier.Complete(head.Size, recordedRoot: [.. head.Root]);
                    if (!report.IsValid || held.Failed)
                    {
                        throw new LedgerNotVerifiedException(report);
                    }
                }

                LastUpdateEntriesRead = held!.Size - from;
                Volatile.Write(ref _held, held);
                return held.Projector.Complete(held.Size, report.TreeHead.Root.ToArray());
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the lock that serializes updates; the instance is not used afterwards.</summary>
    public void Dispose() => _gate.Dispose();

    /// <summary>Verifies and applies the entries past <paramref name="held"/>'s size; <see langword="null"/> when the ledger does not extend it.</summary>
    private async Task<ChainVerificationReport?> TryExtendAsync(IComplianceLedger ledger, Held held, Merkle.MerkleTreeHead head, CancellationToken cancellationToken)
    {
        await foreach (var entry in ledger.ReadAsync(ChainId, held.Size, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= head.Size)
            {
                break;
            }

            if (entry.Payload is null)
            {
                return null; // purged already: only a rebuild reads the purge that accounts for it
            }

            if (!held.Apply(entry))
            {
                return null;
            }
        }

        var report = held.Verifier.Complete(head.Size, recordedRoot: [.. head.Root]);
        return report.IsValid && !held.Failed && held.Size == head.Size ? report : null;
    }

    private async Task<Held> RebuildAsync(IComplianceLedger ledger, Merkle.MerkleTreeHead head, CancellationToken cancellationToken)
    {
        var purges = new List<LedgerEntry>();
        await foreach (var entry in ledger.ReadByTypeAsync(ChainId, [RetentionEntryTypes.Purged], cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence < head.Size)
            {
                purges.Add(entry);
            }
        }

        var held = new Held(ChainId, PurgeRegistry.FromEntries(purges).Explain);
        await foreach (var entry in ledger.ReadAsync(ChainId, 0, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Sequence >= head.Size)
            {
                break;
            }

            held.Apply(entry);
        }

        return held;
    }

    /// <summary>The verifier and projector over the same entries, advanced together.</summary>
    private sealed class Held
    {
        public Held(string chainId, Func<long, string?> isPurged)
        {
            // A finding past a purge means the entries read do not verify: nothing is applied after it.
            Verifier = new ChainVerifier(chainId, isPurged, onFailure: f => Failed |= f.Status > VerificationStatus.PayloadPurged);
            Projector = new ComplianceProjector(chainId);
        }

        public ChainVerifier Verifier { get; }

        public ComplianceProjector Projector { get; }

        public bool Failed { get; private set; }

        public long Size { get; private set; }

        /// <summary>Verifies <paramref name="entry"/> onto the held chain and applies it; <see langword="false"/> (nothing applied) when it does not verify.</summary>
        public bool Apply(LedgerEntry entry)
        {
            Verifier.Add(entry);
            if (Failed)
            {
                return false;
            }

            Projector.Apply(entry);
            Size = entry.Sequence + 1;
            return true;
        }
    }
}
