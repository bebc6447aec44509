namespace ComplianceKit.Bundles;

/// <summary>Stops reading a bundle: the archive or a member cannot be read safely. Caught by the verifier and turned into a finding.</summary>
internal sealed class BundleRejectedException : Exception
{
    public BundleRejectedException(BundleFindingKind kind, string? file, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        File = file;
    }

    public BundleRejectedException()
    {
    }

    public BundleRejectedException(string message) : base(message)
    {
    }

    public BundleRejectedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public BundleFindingKind Kind { get; } = BundleFindingKind.Unreadable;

    public string? File { get; }

    public BundleFinding ToFinding() => new(Kind, File, null, Message);
}
