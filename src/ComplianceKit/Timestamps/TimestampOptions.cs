using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Timestamps;

/// <summary>Where and how <see cref="Rfc3161TimestampClient"/> obtains RFC 3161 timestamps, and what signing does without one.</summary>
public sealed class TimestampOptions
{
    /// <summary>The Time-Stamp Authorities' URLs, tried in order until one answers with a token that passes the checks.</summary>
    public IList<Uri> AuthorityUrls { get; } = [];

    /// <summary>How long one request to one authority may take before the next is tried; ten seconds unless set.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Roots the authorities' certificates must chain to. When set, a token is checked on receipt exactly as verification
    /// will check it (<see cref="Signing.TimestampTokenVerifier"/>), so an untrusted or misissued authority fails at signing
    /// rather than years later. When empty, only the response's status, imprint and nonce are checked.
    /// </summary>
    public X509Certificate2Collection TrustAnchors { get; } = [];

    /// <summary>What <see cref="TimestampingSigner"/> does when no authority gives a token; <see cref="TimestampUnavailableBehavior.Fail"/> unless set.</summary>
    public TimestampUnavailableBehavior WhenUnavailable { get; set; } = TimestampUnavailableBehavior.Fail;
}
