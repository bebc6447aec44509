namespace ComplianceKit.EntityFrameworkCore.Projection;

/// <summary>How the stored projection differs from the one rebuilt from the verified ledger; values grow with severity.</summary>
public enum ProjectionDriftKind
{
    /// <summary>No projection was ever built for the chain.</summary>
    NotBuilt = 10,

    /// <summary>A row the ledger implies is absent (deleted outside the library).</summary>
    RowMissing = 20,

    /// <summary>A row the ledger does not imply is present (inserted outside the library).</summary>
    RowUnexpected = 30,

    /// <summary>A value differs from the one the ledger implies (updated outside the library).</summary>
    ValueChanged = 40,

    /// <summary>The projection claims a ledger size or root that is not the chain's at that size.</summary>
    HeadMismatch = 50,
}
