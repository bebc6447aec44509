using Ardalis.Specification;
using ComplianceKit.Baa;
using ComplianceKit.Controls;
using ComplianceKit.Evidence;
using ComplianceKit.Training;

namespace ComplianceKit.Projection;

/// <summary>
/// The compliance state of one chain as projected from its entries up to a ledger size: the rows a store keeps in
/// its <c>ck_</c> tables, in key order, with navigations linked. Answers specifications in memory.
/// </summary>
/// <remarks>Immutable by convention once returned by <see cref="ComplianceProjector.Complete"/>; safe to query from many threads.</remarks>
public sealed class ComplianceSnapshot : IComplianceQueries
{
    internal ComplianceSnapshot(string chainId, long ledgerSize, byte[] ledgerRoot, long entriesRead,
        IReadOnlyList<ControlRecord> controls, IReadOnlyList<ControlEvidenceRequirementRecord> requirements, IReadOnlyList<EvidenceRecord> evidence,
        IReadOnlyList<VendorRecord> vendors, IReadOnlyList<BaaRecord> agreements, IReadOnlyList<WorkforceMemberRecord> workforce,
        IReadOnlyList<TrainingRecord> training, IReadOnlyList<ProjectionIssue> issues)
    {
        ChainId = chainId;
        LedgerSize = ledgerSize;
        LedgerRoot = ledgerRoot;
        EntriesRead = entriesRead;
        Controls = controls;
        EvidenceRequirements = requirements;
        Evidence = evidence;
        Vendors = vendors;
        Agreements = agreements;
        Workforce = workforce;
        Training = training;
        Issues = issues;
    }

    /// <summary>The chain.</summary>
    public string ChainId { get; }

    /// <summary>The same rows (immutable, so shared) covering a longer chain whose new entries changed none of them.</summary>
    internal ComplianceSnapshot At(long ledgerSize, byte[] ledgerRoot) =>
        new(ChainId, ledgerSize, ledgerRoot, EntriesRead, Controls, EvidenceRequirements, Evidence, Vendors, Agreements, Workforce, Training, Issues);

    /// <summary>How many entries of the chain the state covers (its tree size).</summary>
    public long LedgerSize { get; }

    /// <summary>The chain's Merkle root at <see cref="LedgerSize"/>.</summary>
    public IReadOnlyList<byte> LedgerRoot { get; }

    /// <summary>How many domain entries were read.</summary>
    public long EntriesRead { get; }

    /// <summary>Controls, by id.</summary>
    public IReadOnlyList<ControlRecord> Controls { get; }

    /// <summary>Evidence requirements, by control and kind.</summary>
    public IReadOnlyList<ControlEvidenceRequirementRecord> EvidenceRequirements { get; }

    /// <summary>Evidence, by id.</summary>
    public IReadOnlyList<EvidenceRecord> Evidence { get; }

    /// <summary>Vendors, by id.</summary>
    public IReadOnlyList<VendorRecord> Vendors { get; }

    /// <summary>Business associate agreements, by id.</summary>
    public IReadOnlyList<BaaRecord> Agreements { get; }

    /// <summary>Workforce members, by id.</summary>
    public IReadOnlyList<WorkforceMemberRecord> Workforce { get; }

    /// <summary>Training assignments, by id.</summary>
    public IReadOnlyList<TrainingRecord> Training { get; }

    /// <summary>Entries that could not be applied as written, by sequence.</summary>
    public IReadOnlyList<ProjectionIssue> Issues { get; }

    /// <summary>The rows of one projected type, in key order.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not a projected row type.</exception>
    public IReadOnlyList<T> Rows<T>()
        where T : class =>
        (IReadOnlyList<T>)RowsOf(typeof(T));

    /// <summary>The rows of one projected type, in key order.</summary>
    /// <exception cref="ArgumentException"><paramref name="rowType"/> is not a projected row type.</exception>
    public System.Collections.IEnumerable RowsOf(Type rowType) =>
        rowType == typeof(ControlRecord) ? Controls
        : rowType == typeof(ControlEvidenceRequirementRecord) ? EvidenceRequirements
        : rowType == typeof(EvidenceRecord) ? Evidence
        : rowType == typeof(VendorRecord) ? Vendors
        : rowType == typeof(BaaRecord) ? Agreements
        : rowType == typeof(WorkforceMemberRecord) ? Workforce
        : rowType == typeof(TrainingRecord) ? Training
        : throw new ArgumentException($"{rowType.Name} is not a projected row type.", nameof(rowType));

    /// <inheritdoc />
    public Task<IReadOnlyList<T>> ListAsync<T>(ISpecification<T> specification, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(specification);
        return Task.FromResult<IReadOnlyList<T>>(specification.Evaluate(Rows<T>()).ToList());
    }

    /// <inheritdoc />
    public Task<int> CountAsync<T>(ISpecification<T> specification, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(specification);
        return Task.FromResult(specification.Evaluate(Rows<T>()).Count());
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProjectionIssue>> GetIssuesAsync(string chainId, CancellationToken cancellationToken = default) =>
        Task.FromResult(chainId == ChainId ? Issues : (IReadOnlyList<ProjectionIssue>)[]);
}
