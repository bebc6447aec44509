using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>The outcome of <see cref="TimestampTokenVerifier.Verify"/>. Immutable.</summary>
public sealed class TimestampVerificationResult
{
    private readonly Lazy<X509Certificate2?> authorityCertificate;

    internal TimestampVerificationResult(TimestampVerificationStatus status, string message, Instant? time = null,
        byte[]? authorityCertificate = null, string? authoritySubject = null, Duration? accuracy = null)
    {
        Status = status;
        Message = message;
        Time = time;
        AuthoritySubject = authoritySubject;
        Accuracy = accuracy;

        // Made on first use: most callers read the time and the verdict, and loading a certificate costs more than the check.
        this.authorityCertificate = new(() => authorityCertificate is null ? null : X509CertificateLoader.LoadCertificate(authorityCertificate));
    }

    /// <summary>The most severe failure found, or <see cref="TimestampVerificationStatus.Valid"/>.</summary>
    public TimestampVerificationStatus Status { get; }

    /// <summary>Whether <see cref="Status"/> is <see cref="TimestampVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == TimestampVerificationStatus.Valid;

    /// <summary>A sentence for logs and auditors naming the reason, the authority and the time.</summary>
    public string Message { get; }

    /// <summary>The token's genTime, once the token decoded; trust it only when <see cref="IsValid"/>.</summary>
    public Instant? Time { get; }

    /// <summary>The token's accuracy, when it states one.</summary>
    public Duration? Accuracy { get; }

    /// <summary>The authority's certificate embedded in the token, once found; owned by this result (made on first read, then the same instance).</summary>
    public X509Certificate2? AuthorityCertificate => authorityCertificate.Value;

    /// <summary>The authority certificate's subject, once found.</summary>
    internal string? AuthoritySubject { get; }

    /// <summary>The status and message, for logs.</summary>
    public override string ToString() => $"{Status}: {Message}";
}
