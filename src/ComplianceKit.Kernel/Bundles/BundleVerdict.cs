namespace ComplianceKit.Bundles;

/// <summary>The outcome of verifying a bundle, ordered by severity (a larger value is worse).</summary>
public enum BundleVerdict
{
    /// <summary>Every check passed: the bundle is exactly what the organisation signed, and it is internally consistent.</summary>
    Verified = 0,

    /// <summary>The file could not be read as a zip archive at all, so nothing was checked (command-line exit code 2).</summary>
    Unreadable = 1,

    /// <summary>The bundle fails: evidence of tampering, or a member that is unsafe, damaged or not in the documented format (command-line exit code 1).</summary>
    Invalid = 2,
}
