using System.Security.Cryptography;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Files;
using ComplianceKit.Approvals;
using ComplianceKit.Gates;
using ComplianceKit.Hashing;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;
using NodaTime;

namespace ComplianceKit.Cli.Demo;

/// <summary>
/// The demo's sign-offs: a demo CA (written as demo-ca.pem, marked DEMO ONLY), signer certificates
/// for the clinic's leads, role grants, and two release gates: one every role approved (open) and
/// one with a rejection, a missing role and an unauthorized signer (blocked).
/// </summary>
internal static class DemoApprovals
{
    public const string OpenGate = "release-2.4.0-production";
    public const string BlockedGate = "release-2.5.0-production";
    private static readonly string[] Roles = ["Development Lead", "Operations Lead", "Compliance Officer", "Project Manager"];

    public static async Task<IReadOnlyList<GateEvaluation>> RunAsync(DemoClinic clinic, IComplianceLedger ledger, ApprovalRecorder recorder,
        DemoAdministration administration, IClock clock, DemoCertificateAuthority ca, OutputFile caPem, TextWriter output, CancellationToken cancellationToken)
    {
        const string chain = "default";
        var caPemPath = caPem.Path;
        await ca.WriteCertificatePemAsync(caPem, cancellationToken).ConfigureAwait(false);
        await administration.Recorder.AddTrustAnchorAsync(chain, ca.Certificate, administration.Administrator, cancellationToken).ConfigureAwait(false);

        var signers = new Dictionary<string, X509CertificateSigner>(StringComparer.Ordinal);
        try
        {
            foreach (var role in Roles)
            {
                var person = clinic.InRole(role);
                signers[role] = new X509CertificateSigner(ca.IssueSigner(person.Name, role, clock.GetCurrentInstant()));
                await administration.Recorder.GrantRoleAsync(chain, role, signers[role].Certificate, administration.Administrator, cancellationToken).ConfigureAwait(false);
            }

            // A nurse with a valid demo certificate but no Compliance Officer grant.
            var nurse = clinic.InRole("Nurse");
            using var unauthorized = new X509CertificateSigner(ca.IssueSigner(nurse.Name, "Nurse", clock.GetCurrentInstant()));

            await DefineAsync(administration, OpenGate, "Production deployment of release 2.4.0", "2.4.0 release notes and build 2.4.0+8812", cancellationToken).ConfigureAwait(false);
            await DefineAsync(administration, BlockedGate, "Production deployment of release 2.5.0", "2.5.0 release notes and build 2.5.0+9020", cancellationToken).ConfigureAwait(false);

            foreach (var role in Roles)
            {
                await SignAsync(recorder, signers[role], clinic.InRole(role).Name, role, OpenGate, "2.4.0 release notes and build 2.4.0+8812",
                    role == "Operations Lead" ? ApprovalDecision.ApprovedWithConditions : ApprovalDecision.Approved, cancellationToken).ConfigureAwait(false);
            }

            await SignAsync(recorder, signers["Development Lead"], clinic.InRole("Development Lead").Name, "Development Lead", BlockedGate,
                "2.5.0 release notes and build 2.5.0+9020", ApprovalDecision.Approved, cancellationToken).ConfigureAwait(false);
            await SignAsync(recorder, signers["Compliance Officer"], clinic.InRole("Compliance Officer").Name, "Compliance Officer", BlockedGate,
                "2.5.0 release notes and build 2.5.0+9020", ApprovalDecision.Rejected, cancellationToken).ConfigureAwait(false);
            await SignAsync(recorder, unauthorized, nurse.Name, "Operations Lead", BlockedGate,
                "2.5.0 release notes and build 2.5.0+9020", ApprovalDecision.Approved, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var signer in signers.Values)
            {
                signer.Certificate.Dispose();
                signer.Dispose();
            }
        }

        var verifier = new CmsSignatureVerifier(new SignatureTrustPolicy([ca.Certificate]));
        var evaluator = new GateEvaluator(ledger, verifier, administration.Trust);
        var now = clock.GetCurrentInstant();
        var evaluations = new List<GateEvaluation>
        {
            await evaluator.EvaluateAsync(chain, OpenGate, now, cancellationToken).ConfigureAwait(false),
            await evaluator.EvaluateAsync(chain, BlockedGate, now, cancellationToken).ConfigureAwait(false),
        };
        output.WriteLine($"Approvals signed with a DEMO CA (not for production), trust anchor written to {caPemPath}:");
        foreach (var evaluation in evaluations)
        {
            Output.GateText.Write(output, evaluation, $"the demo CA ({Path.GetFileName(caPemPath)})");
        }

        return evaluations;
    }

    private static Task<AppendReceipt> DefineAsync(DemoAdministration administration, string id, string title, string artifact, CancellationToken cancellationToken) =>
        administration.Recorder.DefineGateAsync("default", new GateDefinition
        {
            Id = id,
            Title = title,
            Subject = new ApprovalSubject("release", id),
            RequiredRoles = Roles,
            ArtifactSha256 = Hex.Format(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(artifact))),
        }, administration.Administrator, cancellationToken);

    private static Task<SignedApproval> SignAsync(ApprovalRecorder recorder, ICmsSigner signer, string name, string role, string gate, string artifact,
        ApprovalDecision decision, CancellationToken cancellationToken) =>
        recorder.SignAsync("default", new ApprovalRequest
        {
            Subject = new ApprovalSubject("release", gate),
            ArtifactSha256 = Hex.Format(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(artifact))),
            Decision = decision,
            Conditions = decision == ApprovalDecision.ApprovedWithConditions ? "Watch error rates for 48 hours after rollout." : null,
            SignerName = name,
            Role = role,
        }, signer, cancellationToken);
}
