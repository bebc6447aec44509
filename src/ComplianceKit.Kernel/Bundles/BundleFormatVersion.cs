namespace ComplianceKit.Bundles;

/// <summary>
/// A version of the evidence bundle format (docs/FORMAT.md section 12), named by the manifest's <c>format</c> member.
/// A verifier judges a bundle by the rules of the version its manifest names; exports write <see cref="BundleFormat.CurrentVersion"/>.
/// </summary>
public enum BundleFormatVersion
{
    /// <summary><c>compliancekit.bundle/v1</c>: the members of FORMAT.md 12.1 to 12.11 and nothing else.</summary>
    V1 = 1,

    /// <summary><c>compliancekit.bundle/v2</c>: everything of version 1, plus the optional additions of FORMAT.md 12.12.</summary>
    V2 = 2,
}
