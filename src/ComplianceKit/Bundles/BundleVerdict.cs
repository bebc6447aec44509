namespace ComplianceKit.Bundles;

/// <summary>The outcome of verifying a bundle, ordered by severity (a larger value is worse).</summary>
public enum BundleVerdict
{
    /// <summary>Every check passed: the bundle is exactly what the organisation signed, and it is internally consistent.</summary>
    Verified = 0,

    /// <summary>No evidence of tampering was found, but part of the bundle could not be read or checked (command-line exit code 2).</summary>
    Unreadable = 1,

    /// <summary>Evidence of tampering or of a broken record was found (command-line exit code 1).</summary>
    Invalid = 2,
}
