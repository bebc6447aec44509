using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ComplianceKit.Signing;

/// <summary>
/// What the token check needs of one time-stamping authority's certificate, worked out once per exact DER bytes: the
/// certificate, its issuer and serial number and key identifier (to match the signer identifier), its SHA-256 (ESS and the
/// chain cache key), its public key (imported once, then lent out), and the extended key usage verdict. None of these
/// depends on the time or on the token, so caching them changes no verdict. Thread-safe.
/// </summary>
internal sealed class TimestampAuthorityCertificate
{
    private const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    // One key object per concurrent caller: .NET does not promise that one RSA/ECDsa instance verifies on two threads at once.
    private readonly ConcurrentBag<AsymmetricAlgorithm> keys = [];
    private readonly byte[] subjectPublicKeyInfo;

    private TimestampAuthorityCertificate(byte[] der)
    {
        Der = der;
        Certificate = X509CertificateLoader.LoadCertificate(der);
        Subject = Certificate.Subject;
        Sha256 = SHA256.HashData(der);
        ChainKey = Convert.ToHexString(Sha256);
        IssuerName = Certificate.IssuerName.RawData;
        SerialNumber = Certificate.SerialNumberBytes.ToArray();
        KeyIdentifier = Certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray();
        KeyAlgorithm = Certificate.PublicKey.Oid.Value ?? "";
        subjectPublicKeyInfo = Certificate.PublicKey.ExportSubjectPublicKeyInfo();
        UsageProblem = TimeStampingUsageProblem(Certificate);
    }

    /// <summary>The exact DER bytes this entry was made from (its cache key).</summary>
    public byte[] Der { get; }

    /// <summary>The verifier's own copy; never handed out (results get their own copy).</summary>
    public X509Certificate2 Certificate { get; }

    public string Subject { get; }

    /// <summary>SHA-256 of <see cref="Der"/>.</summary>
    public byte[] Sha256 { get; }

    /// <summary><see cref="CertificateFacts.KeyOf"/> of the certificate, so the chain cache is not hashed into twice.</summary>
    public string ChainKey { get; }

    public byte[] IssuerName { get; }

    public byte[] SerialNumber { get; }

    public byte[]? KeyIdentifier { get; }

    /// <summary>The SubjectPublicKeyInfo algorithm OID (rsaEncryption or id-ecPublicKey for a key that can be accepted).</summary>
    public string KeyAlgorithm { get; }

    /// <summary>Why the certificate lacks id-kp-timeStamping as RFC 3161 section 2.3 requires, or null when it has it.</summary>
    public string? UsageProblem { get; }

    /// <summary>Reads <paramref name="der"/>; the array is kept, so the caller must not change it.</summary>
    /// <exception cref="CryptographicException">The bytes are not a certificate.</exception>
    public static TimestampAuthorityCertificate From(byte[] der) => new(der);

    /// <summary>Whether the SignerInfo's identifier names this certificate (issuer and serial, or subject key identifier), compared byte for byte.</summary>
    public bool IsNamedBy(TimestampTokenParts token) => token.SignerIssuer is { } issuer
        ? issuer.Span.SequenceEqual(IssuerName) && token.SignerSerialNumber!.Value.Span.SequenceEqual(SerialNumber)
        : KeyIdentifier is not null && token.SignerKeyIdentifier is { } identifier && identifier.AsSpan().SequenceEqual(KeyIdentifier);

    /// <summary>Verifies an RSA signature over <paramref name="hash"/> with this certificate's key; false when the key is not RSA.</summary>
    public bool VerifyRsa(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature, HashAlgorithmName algorithm, RSASignaturePadding padding)
    {
        if (KeyAlgorithm != CmsOids.RsaEncryption)
        {
            return false;
        }

        var key = (RSA)Rent();
        try
        {
            return key.VerifyHash(hash, signature, algorithm, padding);
        }
        finally
        {
            keys.Add(key);
        }
    }

    /// <summary>Verifies a DER (RFC 3279) ECDSA signature over <paramref name="hash"/>; false when the key is not EC.</summary>
    public bool VerifyEcdsa(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> signature)
    {
        if (KeyAlgorithm != CmsOids.EcPublicKey)
        {
            return false;
        }

        var key = (ECDsa)Rent();
        try
        {
            return key.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        finally
        {
            keys.Add(key);
        }
    }

    private AsymmetricAlgorithm Rent()
    {
        if (keys.TryTake(out var key))
        {
            return key;
        }

        AsymmetricAlgorithm created = KeyAlgorithm == CmsOids.RsaEncryption ? RSA.Create() : ECDsa.Create();
        created.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return created;
    }

    /// <summary>RFC 3161 section 2.3: one extended key usage extension, critical, with id-kp-timeStamping as its only purpose.</summary>
    private static string? TimeStampingUsageProblem(X509Certificate2 certificate)
    {
        var extensions = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        if (extensions.Count != 1)
        {
            return "has no extended key usage extension (id-kp-timeStamping is required)";
        }

        var purposes = extensions[0].EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).ToList();
        return purposes is [TimeStampingOid] && extensions[0].Critical
            ? null
            : $"does not carry id-kp-timeStamping as its only extended key usage in a critical extension (purposes: {string.Join(", ", purposes)}; critical: {extensions[0].Critical})";
    }
}
