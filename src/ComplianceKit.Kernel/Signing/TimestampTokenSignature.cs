using System.Formats.Asn1;
using System.Security.Cryptography;

namespace ComplianceKit.Signing;

/// <summary>
/// The token's own CMS signature (RFC 5652 section 5.4 and 5.6) checked with the authority's cached key: the signed
/// attributes hold exactly one contentType (id-ct-TSTInfo) and exactly one messageDigest (the hash of the TSTInfo), and the
/// signature over their DER verifies. Accepted: digest SHA-256/384/512; RSA PKCS#1 v1.5 (rsaEncryption or
/// shaNNNWithRSAEncryption naming the same hash), RSASSA-PSS (same hash, MGF1 with it, salt of its length, trailer 1) and
/// ECDSA (ecdsa-with-SHANNN naming the same hash, or id-ecPublicKey). Pure; thread-safe.
/// </summary>
internal static class TimestampTokenSignature
{
    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV1 = "1.2.840.113549.1.9.16.2.12";
    private const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private const string Mgf1 = "1.2.840.113549.1.1.8";

    /// <summary>Null when the signature verifies, else why not. The ESS signing-certificate attribute found is returned either way.</summary>
    /// <exception cref="AsnContentException">The signed attributes are not DER.</exception>
    public static string? Problem(TimestampTokenParts token, TimestampAuthorityCertificate authority, out (bool V2, byte[] Value)? signingCertificate)
    {
        signingCertificate = null;
        if (token.SignedAttributes is not { } signedAttributes)
        {
            return "it has no signed attributes";
        }

        var contentTypes = 0;
        var digests = new List<byte[]>(1);
        var set = new AsnReader(signedAttributes, AsnEncodingRules.DER).ReadSetOf(skipSortOrderValidation: true);
        while (set.HasData)
        {
            var attribute = set.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf(skipSortOrderValidation: true);
            attribute.ThrowIfNotEmpty();
            switch (type)
            {
                case CmsOids.ContentTypeAttribute:
                    contentTypes += values.ReadObjectIdentifier() == TstInfoContentType && !values.HasData ? 1 : 2;
                    break;
                case CmsOids.MessageDigestAttribute:
                    digests.Add(values.ReadOctetString());
                    if (values.HasData)
                    {
                        digests.Add([]);
                    }

                    break;
                case SigningCertificateV1 or SigningCertificateV2 when signingCertificate is null:
                    var value = values.ReadEncodedValue().ToArray();
                    signingCertificate = values.HasData ? null : (type == SigningCertificateV2, value);
                    break;
            }
        }

        var algorithm = Hash(token.DigestAlgorithm);
        if (algorithm == default)
        {
            return $"its digest algorithm {token.DigestAlgorithm} is not SHA-256, SHA-384 or SHA-512";
        }

        if (contentTypes != 1)
        {
            return "its signed attributes do not hold exactly one contentType, id-ct-TSTInfo";
        }

        if (digests is not [var digest] || !digest.AsSpan().SequenceEqual(CryptographicOperations.HashData(algorithm, token.Content)))
        {
            return "its messageDigest attribute is not the hash of the TSTInfo";
        }

        var hash = CryptographicOperations.HashData(algorithm, signedAttributes);
        var verified = token.SignatureAlgorithm switch
        {
            CmsOids.RsaEncryption => authority.VerifyRsa(hash, token.Signature, algorithm, RSASignaturePadding.Pkcs1),
            CmsOids.Sha256WithRsa or CmsOids.Sha384WithRsa or CmsOids.Sha512WithRsa => RsaHash(token.SignatureAlgorithm) == algorithm
                && authority.VerifyRsa(hash, token.Signature, algorithm, RSASignaturePadding.Pkcs1),
            CmsOids.RsaPss => IsPlainPss(token.SignatureAlgorithmParameters, algorithm)
                && authority.VerifyRsa(hash, token.Signature, algorithm, RSASignaturePadding.Pss),
            CmsOids.EcPublicKey => authority.VerifyEcdsa(hash, token.Signature),
            CmsOids.EcdsaWithSha256 or CmsOids.EcdsaWithSha384 or CmsOids.EcdsaWithSha512 => EcdsaHash(token.SignatureAlgorithm) == algorithm
                && authority.VerifyEcdsa(hash, token.Signature),
            _ => false,
        };
        return verified ? null : $"its signature ({token.SignatureAlgorithm}) does not verify with the key of {authority.Subject}";
    }

    /// <summary>
    /// Whether the ESS signing-certificate-v2 (RFC 5816) or signing-certificate (RFC 2634) attribute's first certificate ID
    /// is the hash of the authority's certificate (RFC 3161 section 2.4.2 requires one of them).
    /// </summary>
    public static bool EssNames((bool V2, byte[] Value)? signingCertificate, TimestampAuthorityCertificate authority)
    {
        if (signingCertificate is not { } found)
        {
            return false;
        }

        var (v2, value) = found;
        try
        {
            var id = new AsnReader(value, AsnEncodingRules.DER).ReadSequence().ReadSequence().ReadSequence();
            var algorithm = HashAlgorithmName.SHA256;
            if (v2 && id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                algorithm = Hash(id.ReadSequence().ReadObjectIdentifier());
            }
            else if (!v2)
            {
                // RFC 2634's ESSCertID is SHA-1 by definition; it identifies the certificate, second preimages stay infeasible.
                algorithm = HashAlgorithmName.SHA1;
            }

            var expected = algorithm == HashAlgorithmName.SHA256 ? authority.Sha256
                : algorithm == default ? null : CryptographicOperations.HashData(algorithm, authority.Der);
            return expected is not null && id.ReadOctetString().AsSpan().SequenceEqual(expected);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>SHA-256, SHA-384 or SHA-512 by OID; <c>default</c> for any other.</summary>
    public static HashAlgorithmName Hash(string oid) => oid switch
    {
        CmsOids.Sha256 => HashAlgorithmName.SHA256,
        CmsOids.Sha384 => HashAlgorithmName.SHA384,
        CmsOids.Sha512 => HashAlgorithmName.SHA512,
        _ => default,
    };

    private static HashAlgorithmName RsaHash(string oid) => oid switch
    {
        CmsOids.Sha256WithRsa => HashAlgorithmName.SHA256,
        CmsOids.Sha384WithRsa => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    private static HashAlgorithmName EcdsaHash(string oid) => oid switch
    {
        CmsOids.EcdsaWithSha256 => HashAlgorithmName.SHA256,
        CmsOids.EcdsaWithSha384 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA512,
    };

    /// <summary>RSASSA-PSS-params (RFC 4055) naming <paramref name="hash"/>, MGF1 with it, a salt of its length and trailer 1: what .NET verifies.</summary>
    private static bool IsPlainPss(ReadOnlyMemory<byte>? parameters, HashAlgorithmName hash)
    {
        if (parameters is not { } encoded)
        {
            return false;
        }

        try
        {
            var pss = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence();
            var hashOk = pss.HasData && pss.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))
                && Hash(pss.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence().ReadObjectIdentifier()) == hash;
            if (!hashOk || !pss.HasData || !pss.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
            {
                return false;
            }

            var mgf = pss.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1)).ReadSequence();
            if (mgf.ReadObjectIdentifier() != Mgf1 || Hash(mgf.ReadSequence().ReadObjectIdentifier()) != hash)
            {
                return false;
            }

            var saltLength = 20;
            if (pss.HasData && pss.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 2)))
            {
                pss.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2)).TryReadInt32(out saltLength);
            }

            var trailer = 1;
            if (pss.HasData && pss.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3)))
            {
                pss.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3)).TryReadInt32(out trailer);
            }

            return !pss.HasData && trailer == 1 && saltLength == HashLength(hash);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static int HashLength(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? 32 : hash == HashAlgorithmName.SHA384 ? 48 : 64;
}
