namespace ComplianceKit.Signing;

/// <summary>Object identifiers used by the CMS signature layer.</summary>
internal static class CmsOids
{
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";

    public const string DeltaCrlIndicator = "2.5.29.27";
}
