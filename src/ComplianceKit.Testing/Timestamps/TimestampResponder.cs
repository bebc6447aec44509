using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using NodaTime;

namespace ComplianceKit.Testing.Timestamps;

/// <summary>
/// The encoding half of <see cref="TestTimestampAuthority"/>, without HTTP: turns a DER TimeStampReq (RFC 3161 section
/// 2.4.1) into a DER TimeStampResp (section 2.4.2). A granted response carries a TimeStampToken: a CMS SignedData whose
/// encapsulated content is the TSTInfo (<see cref="Rfc3161TimestampTokenInfo"/>: policy <see cref="PolicyOid"/>, the
/// request's imprint and nonce, a random serial number, the clock's time, accuracy one second), signed with SHA-256 by the
/// authority's certificate, with the signed attributes contentType, messageDigest, signingTime and the ESS
/// signing-certificate-v2 (RFC 5816) naming the certificate by its SHA-256 and issuer and serial number.
/// </summary>
/// <remarks>
/// A request that cannot be decoded is rejected with failInfo badDataFormat, one whose hash is not SHA-256, SHA-384 or
/// SHA-512 (or whose imprint has the wrong length) with badAlg, one that asks for another policy with unacceptedPolicy.
/// The certificate is embedded when the request sets certReq. Thread-safe.
/// </remarks>
public sealed class TimestampResponder : IDisposable
{
    /// <summary>The TSA policy every token names (an OID under the documentation arc 1.3.6.1.4.1, for tests only).</summary>
    public const string PolicyOid = "1.3.6.1.4.1.32473.19.1";

    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";

    private readonly X509Certificate2 _certificate;
    private readonly bool _ownsCertificate;
    private readonly IClock _clock;
    private readonly byte[] _signingCertificateV2;

    /// <summary>Creates a responder that signs with <paramref name="certificate"/> at the time of <paramref name="clock"/>.</summary>
    /// <param name="certificate">The TSA certificate with its private key; the caller keeps ownership.</param>
    /// <param name="clock">The clock whose time goes into each token.</param>
    /// <exception cref="ArgumentException">The certificate has no private key.</exception>
    public TimestampResponder(X509Certificate2 certificate, IClock clock)
        : this(certificate, clock, ownsCertificate: false)
    {
    }

    internal TimestampResponder(X509Certificate2 certificate, IClock clock, bool ownsCertificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(clock);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The time-stamping certificate must carry its private key.", nameof(certificate));
        }

        _certificate = certificate;
        _ownsCertificate = ownsCertificate;
        _clock = clock;
        Certificate = X509CertificateLoader.LoadCertificate(certificate.RawData);
        _signingCertificateV2 = EncodeSigningCertificateV2(Certificate);
    }

    /// <summary>The authority's certificate, public part.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Answers one DER TimeStampReq with a DER TimeStampResp; never throws for a bad request (it is rejected).</summary>
    /// <param name="request">The DER TimeStampReq.</param>
    public byte[] Respond(ReadOnlyMemory<byte> request)
    {
        if (!Rfc3161TimestampRequest.TryDecode(request, out var decoded, out var consumed) || consumed != request.Length)
        {
            return Rejection(FailureInfo.BadDataFormat);
        }

        var hashLength = decoded.HashAlgorithmId.Value switch
        {
            Sha256 => 32,
            "2.16.840.1.101.3.4.2.2" => 48,
            "2.16.840.1.101.3.4.2.3" => 64,
            _ => 0,
        };
        if (hashLength == 0 || decoded.GetMessageHash().Length != hashLength)
        {
            return Rejection(FailureInfo.BadAlg);
        }

        if (decoded.RequestedPolicyId is { } policy && policy.Value != PolicyOid)
        {
            return Rejection(FailureInfo.UnacceptedPolicy);
        }

        var token = Sign(decoded);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(0); // granted
            }

            writer.WriteEncodedValue(token);
        }

        return writer.Encode();
    }

    /// <summary>
    /// Returns <paramref name="detachedCms"/> with a token from this responder over its signature value attached as the
    /// signatureTimeStampToken unsigned attribute (<see cref="ComplianceKit.Signing.SignatureTimestamps.Attach"/>), without HTTP:
    /// what a timestamping signer produces, for tests and fixtures that need a token at a fixed time.
    /// </summary>
    /// <param name="detachedCms">A DER CMS SignedData with one SignerInfo and no token yet.</param>
    /// <exception cref="FormatException">The signature is not such a SignedData.</exception>
    public byte[] Timestamp(byte[] detachedCms)
    {
        var request = Rfc3161TimestampRequest.CreateFromData(
            ComplianceKit.Signing.SignatureTimestamps.SignatureValue(detachedCms), HashAlgorithmName.SHA256, requestSignerCertificates: true);
        return ComplianceKit.Signing.SignatureTimestamps.Attach(detachedCms, Sign(request));
    }

    /// <summary>Disposes the public copy of the certificate, and the signing certificate when the authority issued it.</summary>
    public void Dispose()
    {
        Certificate.Dispose();
        if (_ownsCertificate)
        {
            _certificate.Dispose();
        }
    }

    private byte[] Sign(Rfc3161TimestampRequest request)
    {
        var now = _clock.GetCurrentInstant();
        var info = new Rfc3161TimestampTokenInfo(
            new Oid(PolicyOid),
            request.HashAlgorithmId,
            request.GetMessageHash(),
            SerialNumber(),
            now.ToDateTimeOffset(),
            accuracyInMicroseconds: 1_000_000,
            nonce: request.GetNonce());
        var signedCms = new SignedCms(new ContentInfo(new Oid(TstInfoContentType), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _certificate)
        {
            DigestAlgorithm = new Oid(Sha256),
            IncludeOption = request.RequestSignerCertificate ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(now.ToDateTimeUtc()));
        signer.SignedAttributes.Add(new AsnEncodedData(new Oid(SigningCertificateV2), _signingCertificateV2));
        signedCms.ComputeSignature(signer, silent: true);
        return signedCms.Encode();
    }

    private static ReadOnlyMemory<byte> SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01); // positive and minimal
        return serial;
    }

    /// <summary>SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one ESSCertIDv2 (hash algorithm SHA-256 by default).</summary>
    private static byte[] EncodeSigningCertificateV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    writer.WriteEncodedValue(certificate.IssuerName.RawData);
                }

                writer.WriteInteger(new BigInteger(certificate.SerialNumberBytes.Span, isUnsigned: false, isBigEndian: true));
            }
        }

        return writer.Encode();
    }

    private static byte[] Rejection(FailureInfo failure)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteInteger(2); // rejection
            writer.WriteNamedBitList(failure);
        }

        return writer.Encode();
    }

    /// <summary>PKIFailureInfo (RFC 3161 section 2.4.2), the bits this responder sets.</summary>
    [Flags]
    private enum FailureInfo
    {
        BadAlg = 1 << 0,
        BadDataFormat = 1 << 5,
        UnacceptedPolicy = 1 << 15,
    }
}
