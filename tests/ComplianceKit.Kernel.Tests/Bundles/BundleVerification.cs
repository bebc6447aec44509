using ComplianceKit.Bundles;
using ComplianceKit.Tests.Signing;

namespace ComplianceKit.Tests.Bundles;

/// <summary>Runs the verifier over bundle bytes in memory, with the test PKI's root as the officer's trust anchor.</summary>
internal static class BundleVerification
{
    private static readonly Lazy<EvidenceBundleVerifier> Trusted = new(() => new EvidenceBundleVerifier(TestPki.Instance.NewPolicy()));

    public static EvidenceBundleVerifier Verifier => Trusted.Value;

    public static Task<BundleVerificationReport> VerifyAsync(byte[] bundle, BundleVerificationOptions? options = null) =>
        Verifier.VerifyAsync(new MemoryStream(bundle, writable: false), options);

    public static string Describe(BundleVerificationReport report) =>
        $"{report.Verdict}: " + string.Join("\n", report.Findings.Where(f => f.IsFailure).Take(20));
}
