using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Revocation;

/// <summary>
/// The parts of a DER OCSPResponse (RFC 6960 section 4.2.1) that offline revocation checking needs: its status, and for a successful
/// basic response the signed ResponseData, who signed it, its SingleResponses and the certificates it carries. Parsing judges nothing;
/// <see cref="ResponderProblem"/> judges the signature. Immutable.
/// </summary>
internal sealed class ParsedOcspResponse
{
    /// <summary>id-pkix-ocsp-basic, the only response type RFC 6960 defines.</summary>
    public const string BasicResponseType = "1.3.6.1.5.5.7.48.1.1";

    /// <summary>id-kp-OCSPSigning: the extended key usage a delegated responder's certificate must carry (RFC 6960 section 4.2.2.2).</summary>
    public const string OcspSigningUsage = "1.3.6.1.5.5.7.3.9";

    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Explicit1 = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag Explicit2 = new(TagClass.ContextSpecific, 2, isConstructed: true);

    private ParsedOcspResponse(int status) => ResponseStatus = status;

    /// <summary>OCSPResponseStatus: 0 successful; 1 malformedRequest, 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized.</summary>
    public int ResponseStatus { get; }

    /// <summary>Whether the responder answered (status successful with a basic response).</summary>
    public bool IsSuccessful => ResponseStatus == 0;

    /// <summary>The DER ResponseData the signature covers.</summary>
    public ReadOnlyMemory<byte> ToBeSigned { get; private init; }

    /// <summary>The signature algorithm's OID.</summary>
    public string SignatureAlgorithm { get; private init; } = "";

    /// <summary>The signature value.</summary>
    public byte[] Signature { get; private init; } = [];

    /// <summary>The responder's DER Name (ResponderID byName), or null.</summary>
    public byte[]? ResponderName { get; private init; }

    /// <summary>The SHA-1 of the responder's public key (ResponderID byKey), or null.</summary>
    public byte[]? ResponderKeyHash { get; private init; }

    /// <summary>When the responder signed (producedAt).</summary>
    public Instant ProducedAt { get; private init; }

    /// <summary>The SingleResponses, in order.</summary>
    public IReadOnlyList<OcspSingleResponse> Responses { get; private init; } = [];

    /// <summary>The certificates the response carries (a delegated responder's, usually).</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; private init; } = [];

    /// <summary>The SingleResponse for <paramref name="certificate"/> (see <see cref="OcspSingleResponse.IsFor"/>), or null.</summary>
    public OcspSingleResponse? ResponseFor(X509Certificate2 certificate, X509Certificate2? issuer) =>
        Responses.FirstOrDefault(r => r.IsFor(certificate, issuer));

    /// <summary>
    /// Why the response cannot be relied on as the word of <paramref name="issuer"/>, or null when it can: it is signed by the issuer's key,
    /// or by a certificate it carries that the issuer signed, that holds id-kp-OCSPSigning and that was valid at producedAt.
    /// </summary>
    public string? ResponderProblem(X509Certificate2 issuer)
    {
        if (!IsSuccessful)
        {
            return $"the responder did not answer (responseStatus {ResponseStatus})";
        }

        X509Certificate2 signer;
        if (Names(issuer))
        {
            signer = issuer;
        }
        else if (Certificates.FirstOrDefault(Names) is { } delegated)
        {
            if (!IssuerSignature.IsIssuedBy(delegated, issuer))
            {
                return $"its responder {delegated.Subject} is not a certificate issued by {issuer.Subject}";
            }

            if (!delegated.Extensions.OfType<X509EnhancedKeyUsageExtension>().Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == OcspSigningUsage)))
            {
                return $"its responder {delegated.Subject} does not carry the OCSP signing extended key usage (id-kp-OCSPSigning)";
            }

            var produced = ProducedAt.ToDateTimeOffset();
            if (produced < delegated.NotBefore.ToUniversalTime() || produced > delegated.NotAfter.ToUniversalTime())
            {
                return $"its responder {delegated.Subject} was not valid when the response was produced ({NodaTime.Text.InstantPattern.ExtendedIso.Format(ProducedAt)})";
            }

            signer = delegated;
        }
        else
        {
            return $"it is signed by a responder that is neither {issuer.Subject} nor a certificate the response carries";
        }

        return IssuerSignature.Verifies(ToBeSigned.Span, SignatureAlgorithm, Signature, signer)
            ? null
            : $"its signature does not verify with the key of its responder {signer.Subject}";
    }

    /// <summary>Parses a DER OCSPResponse without judging its signature.</summary>
    /// <exception cref="AsnContentException">The bytes are not a DER OCSPResponse, or its response is not a basic one.</exception>
    /// <exception cref="CryptographicException">A carried certificate does not decode.</exception>
    public static ParsedOcspResponse Parse(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var response = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        var enumerated = response.ReadEnumeratedBytes();
        var status = enumerated.Length == 1 ? enumerated.Span[0] : -1;
        if (!response.HasData)
        {
            return new ParsedOcspResponse(status);
        }

        var bytes = response.ReadSequence(Explicit0).ReadSequence();
        response.ThrowIfNotEmpty();
        if (bytes.ReadObjectIdentifier() != BasicResponseType)
        {
            throw new AsnContentException("The OCSP response is not a basic response (id-pkix-ocsp-basic).");
        }

        var basicDer = bytes.ReadOctetString();
        bytes.ThrowIfNotEmpty();
        var basicReader = new AsnReader(basicDer, AsnEncodingRules.DER);
        var basic = basicReader.ReadSequence();
        basicReader.ThrowIfNotEmpty();
        var tbs = basic.ReadEncodedValue();
        var algorithm = basic.ReadSequence().ReadObjectIdentifier();
        var signature = basic.ReadBitString(out var unused);
        if (unused != 0)
        {
            throw new AsnContentException("The OCSP response signature has unused bits.");
        }

        var certificates = new List<X509Certificate2>();
        if (basic.HasData)
        {
            var certs = basic.ReadSequence(Explicit0).ReadSequence();
            while (certs.HasData)
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(certs.ReadEncodedValue().Span));
            }
        }

        basic.ThrowIfNotEmpty();
        var data = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        if (data.PeekTag().HasSameClassAndValue(Explicit0))
        {
            data.ReadSequence(Explicit0).ReadInteger();
        }

        byte[]? responderName = null;
        byte[]? responderKeyHash = null;
        if (data.PeekTag().HasSameClassAndValue(Explicit1))
        {
            responderName = data.ReadSequence(Explicit1).ReadEncodedValue().ToArray();
        }
        else
        {
            responderKeyHash = data.ReadSequence(Explicit2).ReadOctetString();
        }

        var producedAt = Instant.FromDateTimeOffset(data.ReadGeneralizedTime());
        var singles = data.ReadSequence();
        var responses = new List<OcspSingleResponse>();
        while (singles.HasData)
        {
            responses.Add(ReadSingle(singles.ReadSequence()));
        }

        return new ParsedOcspResponse(status)
        {
            ToBeSigned = tbs,
            SignatureAlgorithm = algorithm,
            Signature = signature,
            ResponderName = responderName,
            ResponderKeyHash = responderKeyHash,
            ProducedAt = producedAt,
            Responses = responses,
            Certificates = certificates,
        };
    }

    /// <summary>Whether the ResponderID names <paramref name="certificate"/> (its subject Name, or the SHA-1 of its public key).</summary>
    private bool Names(X509Certificate2 certificate) =>
        ResponderName is { } name
            ? name.AsSpan().SequenceEqual(certificate.SubjectName.RawData)
            : ResponderKeyHash is { } key && key.AsSpan().SequenceEqual(KeyHash(certificate));

#pragma warning disable CA5350 // RFC 6960 fixes SHA-1 for ResponderID byKey; it identifies a key, it does not secure anything.
    private static byte[] KeyHash(X509Certificate2 certificate) => SHA1.HashData(certificate.PublicKey.EncodedKeyValue.RawData);
#pragma warning restore CA5350

    private static OcspSingleResponse ReadSingle(AsnReader single)
    {
        var certId = single.ReadSequence();
        var hashAlgorithm = certId.ReadSequence().ReadObjectIdentifier();
        var nameHash = certId.ReadOctetString();
        var keyHash = certId.ReadOctetString();
        var serial = certId.ReadInteger();
        certId.ThrowIfNotEmpty();

        var tag = single.PeekTag();
        OcspCertificateStatus status;
        Instant? revokedAt = null;
        if (tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
        {
            single.ReadNull(new Asn1Tag(TagClass.ContextSpecific, 0));
            status = OcspCertificateStatus.Good;
        }
        else if (tag.HasSameClassAndValue(Explicit1))
        {
            var revoked = single.ReadSequence(Explicit1);
            revokedAt = Instant.FromDateTimeOffset(revoked.ReadGeneralizedTime());
            status = OcspCertificateStatus.Revoked;
        }
        else
        {
            single.ReadNull(new Asn1Tag(TagClass.ContextSpecific, 2));
            status = OcspCertificateStatus.Unknown;
        }

        var thisUpdate = Instant.FromDateTimeOffset(single.ReadGeneralizedTime());
        Instant? nextUpdate = single.HasData && single.PeekTag().HasSameClassAndValue(Explicit0)
            ? Instant.FromDateTimeOffset(single.ReadSequence(Explicit0).ReadGeneralizedTime())
            : null;
        return new OcspSingleResponse(hashAlgorithm, nameHash, keyHash, serial, status, revokedAt, thisUpdate, nextUpdate);
    }
}
