using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using NodaTime;

namespace ComplianceKit.Signing;

/// <summary>
/// Checks a detached CMS signature without trust anchors: it decodes, covers the content and verifies with
/// the embedded certificate's key. The result is at best <see cref="SignatureVerificationStatus.UntrustedChain"/>:
/// who signed is not established, only that the signature is intact.
/// </summary>
internal static class IntegrityOnlySignatureCheck
{
    /// <summary>Whether <paramref name="result"/> (from <see cref="Verify"/>) says the signature is intact: the best it can say without anchors.</summary>
    public static bool IsIntact(SignatureVerificationResult result) => result.Status == SignatureVerificationStatus.UntrustedChain;

    public static SignatureVerificationResult Verify(byte[] content, byte[] signature)
    {
        try
        {
            return VerifyCore(content, signature);
        }
        catch (CryptographicException ex)
        {
            // Parts of SignedCms decode lazily (certificates, attributes); a late failure is still malformed.
            return new SignatureVerificationResult(SignatureVerificationStatus.Malformed, $"The signature cannot be parsed: {ex.Message}");
        }
    }

    private static SignatureVerificationResult VerifyCore(byte[] content, byte[] signature)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException ex)
        {
            return new SignatureVerificationResult(SignatureVerificationStatus.Malformed, $"The signature is not a DER CMS SignedData: {ex.Message}");
        }

        if (cms.SignerInfos.Count != 1 || cms.SignerInfos[0].Certificate is not { } certificate)
        {
            return new SignatureVerificationResult(SignatureVerificationStatus.UnexpectedSignerCount, "The signature does not have exactly one signer with an embedded certificate.");
        }

        var signer = cms.SignerInfos[0];
        Instant? signingTime = null;
        try
        {
            foreach (var attribute in signer.SignedAttributes)
            {
                if (attribute.Oid.Value == "1.2.840.113549.1.9.5" && attribute.Values.Count == 1)
                {
                    signingTime = Instant.FromDateTimeUtc(new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime.ToUniversalTime());
                }
            }

            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            return new SignatureVerificationResult(SignatureVerificationStatus.SignatureInvalid,
                $"The signature does not verify over this content with the key of {certificate.Subject}: {ex.Message}", certificate, signingTime);
        }

        return new SignatureVerificationResult(SignatureVerificationStatus.UntrustedChain,
            $"The signature by {certificate.Subject} is intact, but no trust anchors were given, so the signer is not established.",
            certificate, signingTime);
    }
}
