namespace ComplianceKit.Signing;

/// <summary>Which time a signer's certificate, revocation and role grants were judged at.</summary>
public enum SigningTimeBasis
{
    /// <summary>The signingTime the signer claimed in a signed attribute (no trusted timestamp was used).</summary>
    ClaimedSigningTime = 0,

    /// <summary>The genTime of an RFC 3161 timestamp token that verified against a configured time-stamping trust anchor.</summary>
    Timestamp = 1,
}
