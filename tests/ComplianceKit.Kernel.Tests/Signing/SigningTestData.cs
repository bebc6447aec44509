using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Tests.Signing;

/// <summary>Statements and signing shortcuts shared by the signature tests.</summary>
internal static class SigningTestData
{
    public static byte[] Statement =>
        "Compliance Officer Casey approves the production deployment of release 2025.06.1 (change CHG-1042)."u8.ToArray();

    public static byte[] Sign(X509Certificate2 signerWithKey, byte[] content, Instant? signingTime = null)
    {
        using var signer = new X509CertificateSigner(signerWithKey);
        return signer.SignDetachedAsync(content, signingTime ?? TestPki.SigningTime).AsTask().GetAwaiter().GetResult();
    }

    public static X509Certificate2 SignerByName(string name) => name switch
    {
        "rsa" => TestPki.Instance.RsaSigner,
        "ecdsa" => TestPki.Instance.EcdsaSigner,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Use rsa or ecdsa."),
    };

    /// <summary>A copy of <paramref name="cms"/> with one byte in the middle of the signature value flipped.</summary>
    public static byte[] FlipSignatureByte(byte[] content, byte[] cms)
    {
        var signedCms = new SignedCms(new ContentInfo(content), detached: true);
        signedCms.Decode(cms);
        var signature = signedCms.SignerInfos[0].GetSignature();
        var at = cms.AsSpan().IndexOf(signature);
        Assert.True(at > 0, "The signature value was not found in the encoding.");

        var forged = (byte[])cms.Clone();
        forged[at + (signature.Length / 2)] ^= 0x5A;
        return forged;
    }

    public static byte[] Changed(byte[] content)
    {
        var changed = (byte[])content.Clone();
        changed[^2] ^= 0x01;
        return changed;
    }
}
