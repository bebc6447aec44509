namespace ComplianceKit.Bundles;

/// <summary>One finding of bundle verification, naming the file and, where there is one, the entry.</summary>
/// <param name="Kind">What was found; its value orders findings by severity.</param>
/// <param name="File">The bundle member concerned, for example <c>entries.jsonl</c>, or <see langword="null"/> for the archive itself.</param>
/// <param name="Sequence">The ledger sequence of the entry concerned, if any.</param>
/// <param name="Message">A sentence a person can act on.</param>
public sealed record BundleFinding(BundleFindingKind Kind, string? File, long? Sequence, string Message)
{
    /// <summary>Whether this finding is evidence of tampering (exit code 1).</summary>
    public bool IsTampering => Kind >= BundleFindingKind.PayloadMissing;

    /// <summary>Whether this finding means the file could not be read as a zip archive at all (exit code 2); every other failure is exit code 1.</summary>
    public bool IsUnreadable => Kind == BundleFindingKind.NotAZip;

    /// <summary>Whether this finding is a trust problem (<see cref="BundleFindingKind.SignerNotTrusted"/>): the bundle fails (exit code 1), but nothing was found altered.</summary>
    public bool IsTrustProblem => Kind is >= BundleFindingKind.SignerNotTrusted and < BundleFindingKind.PayloadMissing;

    /// <summary>Whether this finding is a refusal short of tampering and of a trust problem: a member unsafe, damaged or not in the documented format (exit code 1).</summary>
    public bool IsRefusal => IsFailure && !IsTampering && !IsUnreadable && !IsTrustProblem;

    /// <summary>Whether verification fails because of this finding (anything but a note).</summary>
    public bool IsFailure => Kind >= BundleFindingKind.PreviousCheckpointUnproven;

    /// <inheritdoc />
    public override string ToString()
    {
        var where = (File, Sequence) switch
        {
            (null, null) => "bundle",
            (null, { } s) => $"entry {s}",
            ({ } f, null) => f,
            ({ } f, { } s) => $"{f}, entry {s}",
        };
        return $"{where}: {Kind}: {Message}";
    }
}
