using ComplianceKit.Ledger;
using ComplianceKit.Approvals;

namespace ComplianceKit.Cli.Approvals;

/// <summary>Exactly what <c>approve</c> is about to sign, shown to the signer before they confirm (and in <c>--json</c>).</summary>
internal sealed record ApprovalPreview(
    string Gate,
    string Title,
    string Subject,
    string ArtifactSha256,
    ApprovalDecision Decision,
    string? Conditions,
    SignatureMeaning Meaning,
    string PrintedName,
    string Role,
    string Organization,
    string CertificateSubject,
    string CertificateSha256,
    string CertificateValidUntil,
    LedgerHeadReference LedgerHead,
    string? Attestation = null)
{
    public void Write(TextWriter output)
    {
        output.WriteLine("You are about to sign this approval:");
        output.WriteLine($"  gate          {Gate} ({Title})");
        output.WriteLine($"  subject       {Subject}");
        output.WriteLine($"  artifact      sha256 {ArtifactSha256}");
        output.WriteLine($"  decision      {Decision}{(Conditions is null ? "" : $": {Conditions}")}");
        output.WriteLine($"  meaning       {Meaning}");
        output.WriteLine($"  printed name  {PrintedName}");
        output.WriteLine($"  role          {Role}");
        if (Attestation is not null)
        {
            // What the checklist's sign-off line says this role attests (the gate definition's attestations).
            output.WriteLine($"  you attest    {Attestation}");
        }

        output.WriteLine($"  organisation  {Organization}");
        output.WriteLine($"  certificate   {CertificateSubject} (sha256 {CertificateSha256}, valid until {CertificateValidUntil})");
        output.WriteLine($"  ledger head   chain {LedgerHead.ChainId}, size {LedgerHead.Size}, root {LedgerHead.RootSha256}");
        output.WriteLine("The signing time is the moment you confirm; your signature binds this statement to the ledger head above.");
    }

    public static string FormatInstant(NodaTime.Instant instant) => PayloadCodec.FormatInstant(instant);
}
