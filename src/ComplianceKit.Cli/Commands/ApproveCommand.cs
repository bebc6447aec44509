using System.CommandLine;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Files;
using System.Text.Json;
using ComplianceKit.Approvals;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Approvals;
using ComplianceKit.Cli.Bundles;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Cli.Output;
using ComplianceKit.Gates;
using ComplianceKit.Hashing;
using ComplianceKit.Signing;
using Microsoft.Extensions.Options;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit approve --db &lt;file&gt; --gate &lt;id&gt; --decision &lt;d&gt; --signing-cert &lt;pfx|pem&gt; [--yes] [--json]</c>: shows exactly
/// what will be signed, asks for confirmation, refuses before writing what the gate would not count, signs, and prints the gate.
/// 0 signed, 1 refused (nothing written), 2 usage error, unreadable input or no confirmation on stdin.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create()
    {
        var db = DatabaseOption.Create("The ledger database.");
        var gate = new Option<string>("--gate") { Description = "The gate whose subject you approve.", Required = true };
        var decision = new Option<string>("--decision") { Description = "approved, approved-with-conditions, rejected or withdrawn.", Required = true };
        var conditions = new Option<string?>("--conditions") { Description = "The conditions (required with approved-with-conditions, refused otherwise)." };
        var role = new Option<string?>("--role") { Description = "The role you sign in (default: the one required role your certificate holds)." };
        var name = new Option<string?>("--name") { Description = "Your printed name (default: the CN of your certificate)." };
        var meaning = new Option<string>("--meaning") { Description = "What the signature means: approval, review, responsibility or authorship.", DefaultValueFactory = _ => "approval" };
        var artifact = new Option<string?>("--artifact") { Description = "The artifact approved (its SHA-256 is signed), when the gate does not fix one." };
        var artifactSha256 = new Option<string?>("--artifact-sha256") { Description = "The artifact's SHA-256 (64 hex digits), instead of --artifact." };
        var organization = new Option<string?>("--organization") { Description = "The organisation named in the statement (default: the O= of your certificate, else of its issuer)." };
        var signing = new SignerOptions("yours, whose certificate holds the role", required: true);
        var administration = new AdministrationOptions();
        var yes = new Option<bool>("--yes") { Description = "Sign without asking for confirmation (the preview is still printed)." };
        var chain = new Option<string>("--chain") { Description = "The chain.", DefaultValueFactory = _ => "default" };
        var json = new Option<bool>("--json") { Description = "Print a JSON report (the preview and prompt then go to stderr)." };
        var command = new Command("approve", "Sign a gate's approval with your certificate: shows what is signed, asks to confirm, refuses what the gate would not count.")
        {
            db, gate, decision, conditions, role, name, meaning, artifact, artifactSha256, organization, yes, chain, json,
        };
        signing.AddTo(command);
        administration.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(new ApproveRequest(
            parse.GetValue(db)!, parse.GetValue(chain)!, parse.GetValue(gate)!, ParseDecision(parse.GetValue(decision)!), parse.GetValue(conditions),
            parse.GetValue(role), parse.GetValue(name), ParseMeaning(parse.GetValue(meaning)!), parse.GetValue(artifact), parse.GetValue(artifactSha256),
            parse.GetValue(organization), parse.GetValue(yes), parse.GetValue(json)), signing, administration, parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ApproveRequest a, SignerOptions signing, AdministrationOptions administration, ParseResult parse, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var prompt = a.Json ? error : output;
        RequireConditionsMatchDecision(a);
        var clock = CliHost.Clock;
        Task<int> Refuse(string kind, string message) => Refusal.WriteAsync(output, error, a.Json, a.Database, kind, message);

        CliSigner signer;
        try
        {
            signer = signing.Load(parse)!;
        }
        catch (SignerCertificateRejectedException ex)
        {
            return await Refuse(nameof(SignatureVerificationStatus.SignerCertificateUnsuitable), ex.Message).ConfigureAwait(false);
        }

        using (signer)
        {
            var trust = administration.Resolve(parse, a.Database);
            var now = clock.GetCurrentInstant();
            ApprovalPreview preview;
            ApprovalSubject subject;
            await using (var state = await OfficerOptions.OpenVerifiedAsync(a.Database, a.Chain, trust, now, cancellationToken).ConfigureAwait(false))
            {
                if (state.Snapshot is null)
                {
                    return await Refuse("LedgerNotVerified", $"the ledger does not verify ({state.NotVerified!.Status}); nothing is signed against it.").ConfigureAwait(false);
                }

                // The verifier's own certificate checks, at the signing time: what the gate would refuse is refused here.
                if (SignerPreCheck.Problem(state.Verifier, signer.Certificate, now, "no approval") is { } problem)
                {
                    return await Refuse(problem.Kind, problem.Message).ConfigureAwait(false);
                }

                var verifier = state.Verifier!;

                var fingerprint = CertificateFingerprint.Of(signer.Certificate);
                GateDefinition definition;
                IReadOnlyList<string> held;
                try
                {
                    (definition, held) = await new GateEvaluator(state.Database.Ledger, verifier, state.Administration).RolesHeldAsync(state.Chain!, a.Gate, fingerprint, now, cancellationToken).ConfigureAwait(false);
                }
                catch (KeyNotFoundException ex)
                {
                    throw new UsageException(ex.Message);
                }

                var signAs = ChooseRole(a, definition, held);
                if (signAs is null)
                {
                    return await Refuse(nameof(GateBlockerKind.SignerNotAuthorized),
                        $"the certificate {signer.Certificate.Subject} (sha256 {fingerprint}) holds {(a.Role is null ? "none of the gate's required roles (" + string.Join(", ", definition.RequiredRoles) + ")" : $"no grant of the role '{a.Role}'")} now.").ConfigureAwait(false);
                }

                var head = await state.Database.Ledger.GetTreeHeadAsync(a.Chain, cancellationToken: cancellationToken).ConfigureAwait(false);
                subject = definition.Subject;
                preview = new ApprovalPreview(definition.Id, definition.Title, definition.Subject.ToString(), ArtifactOf(a, definition), a.Decision, a.Conditions, a.Meaning,
                    a.Name ?? signer.Certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, forIssuer: false),
                    signAs, a.Organization ?? CheckpointSigners.OrganizationOf(signer.Certificate) ?? CheckpointSigners.OrganizationOf(signer.Certificate.IssuerName)
                        ?? throw new UsageException("neither the signing certificate nor its issuer names an organisation (O=); give it with --organization."),
                    signer.Certificate.Subject, fingerprint, ApprovalPreview.FormatInstant(Instant.FromDateTimeUtc(signer.Certificate.NotAfter.ToUniversalTime())),
                    new LedgerHeadReference(a.Chain, head.Size, Hex.Format(head.Root)), definition.AttestationFor(signAs));
            }

            preview.Write(prompt);
            if (!a.Yes && !await ConfirmAsync(prompt).ConfigureAwait(false))
            {
                return await Refuse("NotConfirmed", "you did not confirm with 'yes'.").ConfigureAwait(false);
            }

            SignedApproval signed;
            await using (var database = await LedgerDatabase.OpenWritableAsync(a.Database, clock, cancellationToken).ConfigureAwait(false))
            {
                var head = await database.Ledger.GetTreeHeadAsync(a.Chain, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (head.Size != preview.LedgerHead.Size || Hex.Format(head.Root) != preview.LedgerHead.RootSha256)
                {
                    return await Refuse("LedgerMoved", $"the ledger grew from size {preview.LedgerHead.Size} to {head.Size} while you read the preview; run approve again to see what you sign.").ConfigureAwait(false);
                }

                var recorder = new ApprovalRecorder(database.Ledger, clock, Options.Create(new ComplianceKitOptions { Organization = preview.Organization }));
                try
                {
                    signed = await recorder.SignAsync(a.Chain, new ApprovalRequest
                    {
                        Subject = subject,
                        ArtifactSha256 = preview.ArtifactSha256, Decision = a.Decision, Conditions = a.Conditions, Meaning = a.Meaning,
                        SignerName = preview.PrintedName, Role = preview.Role,
                    }, signer, cancellationToken).ConfigureAwait(false);
                }
                catch (ArgumentException ex) when (ex is not SignerCertificateRejectedException)
                {
                    throw new UsageException(ex.Message);
                }
            }

            return await ApproveOutput.WriteSignedAsync(a.Database, a.Chain, trust, a.Json, preview, signed, clock, output, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? ChooseRole(ApproveRequest a, GateDefinition gate, IReadOnlyList<string> held)
    {
        if (a.Role is { } role)
        {
            return gate.RequiredRoles.Contains(role, StringComparer.Ordinal)
                ? held.Contains(role, StringComparer.Ordinal) ? role : null
                : throw new UsageException($"gate '{gate.Id}' does not require the role '{role}' (required: {string.Join(", ", gate.RequiredRoles)}).");
        }

        return held.Count switch
        {
            0 => null,
            1 => held[0],
            _ => throw new UsageException($"your certificate holds several of the gate's roles ({string.Join(", ", held)}); name one with --role."),
        };
    }

    private static string ArtifactOf(ApproveRequest a, GateDefinition gate)
    {
        var given = ArtifactDigest.FromFileOrHex(a.Artifact, a.ArtifactSha256, "--artifact", "--artifact-sha256", "artifact");
        return (gate.ArtifactSha256, given) switch
        {
            (null, null) => throw new UsageException($"gate '{gate.Id}' fixes no artifact; name what you approve with --artifact <file> or --artifact-sha256 <hex>."),
            ({ } fixedDigest, null) => fixedDigest,
            (null, { } digest) => digest,
            ({ } fixedDigest, { } digest) when fixedDigest == digest => digest,
            ({ } fixedDigest, _) => throw new UsageException($"gate '{gate.Id}' requires the artifact with sha256 {fixedDigest}, not {given}."),
        };
    }

    private static async Task<bool> ConfirmAsync(TextWriter prompt)
    {
        await prompt.WriteAsync("Sign it? Type 'yes' to sign: ").ConfigureAwait(false);
        await prompt.FlushAsync().ConfigureAwait(false);
        var answer = await CliInput.Current.ReadLineAsync().ConfigureAwait(false)
            ?? throw new UsageException("no confirmation could be read from stdin; run approve in a terminal, or pass --yes to sign what the preview shows.");
        await prompt.WriteLineAsync().ConfigureAwait(false);
        return answer.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);
    }

    private static void RequireConditionsMatchDecision(ApproveRequest a)
    {
        if (a.Decision == ApprovalDecision.ApprovedWithConditions && string.IsNullOrWhiteSpace(a.Conditions))
        {
            throw new UsageException("--decision approved-with-conditions needs --conditions <text>.");
        }

        if (a.Decision != ApprovalDecision.ApprovedWithConditions && a.Conditions is not null)
        {
            throw new UsageException("--conditions goes only with --decision approved-with-conditions.");
        }
    }

    private static ApprovalDecision ParseDecision(string text) => text.Trim().ToLowerInvariant() switch
    {
        "approved" => ApprovalDecision.Approved,
        "approved-with-conditions" => ApprovalDecision.ApprovedWithConditions,
        "rejected" => ApprovalDecision.Rejected,
        "withdrawn" => ApprovalDecision.Withdrawn,
        _ => throw new UsageException($"--decision '{text}' is not one of approved, approved-with-conditions, rejected, withdrawn."),
    };

    private static SignatureMeaning ParseMeaning(string text) => text.Trim().ToLowerInvariant() switch
    {
        "approval" => SignatureMeaning.Approval,
        "review" => SignatureMeaning.Review,
        "responsibility" => SignatureMeaning.Responsibility,
        "authorship" => SignatureMeaning.Authorship,
        _ => throw new UsageException($"--meaning '{text}' is not one of approval, review, responsibility, authorship."),
    };

    private sealed record ApproveRequest(LedgerLocation Database, string Chain, string Gate, ApprovalDecision Decision, string? Conditions, string? Role, string? Name,
        SignatureMeaning Meaning, string? Artifact, string? ArtifactSha256, string? Organization, bool Yes, bool Json);
}
