using System.Text;
using ComplianceKit.Administration;
using ComplianceKit.Approvals;
using ComplianceKit.Ledger;
using ComplianceKit.Tests.Projection;
using NodaTime;

namespace ComplianceKit.Tests.Administration;

/// <summary>The one codec of signed administrative payloads (docs/FORMAT.md, section 7.1) and how a state judges what it reads.</summary>
public sealed class SignedAdministrativePayloadTests
{
    private static readonly Instant SignedAt = Instant.FromUtc(2026, 3, 1, 9, 30);
    private static readonly RoleGrantRecord Grant = new("Compliance Officer", new string('a', 64), "CN=Kim Lee");
    private static readonly TestAdministrators Admins = TestAdministrators.Instance;

    [Fact]
    public void ContentToSign_RoleGrant_IsTheDocumentedCanonicalBytes()
    {
        var content = SignedAdministrativePayload.ContentToSign(Grant.ToCanonicalBytes(), new AdministrativeHeader("role.granted", "default", SignedAt));

        Assert.Equal(
            """{"administration":{"chainId":"default","entryType":"role.granted","signedAt":"2026-03-01T09:30:00Z"},"certificateSha256":"""
            + $"\"{new string('a', 64)}\"" + ""","certificateSubject":"CN=Kim Lee","role":"Compliance Officer"}""",
            Encoding.UTF8.GetString(content));
    }

    [Fact]
    public void Read_ComposedPayload_GivesBackTheSignedContentHeaderAndSignature()
    {
        var content = SignedAdministrativePayload.ContentToSign(Grant.ToCanonicalBytes(), new AdministrativeHeader("role.granted", "default", SignedAt));

        var read = SignedAdministrativePayload.Read(SignedAdministrativePayload.Compose(content, [1, 2, 3]));

        Assert.Equal(content, read.SignedContent);
        Assert.Equal(new AdministrativeHeader("role.granted", "default", SignedAt), read.Header);
        Assert.Equal([1, 2, 3], read.Signature);
        Assert.Equal(Grant, RoleGrantRecord.Parse(read.SignedContent));
    }

    [Fact]
    public void ContentToSign_RecordWithItsOwnSignatureMember_IsRefused() =>
        Assert.Throws<FormatException>(() => SignedAdministrativePayload.ContentToSign("""{"role":"x","signature":"AA=="}"""u8, new AdministrativeHeader("role.granted", "c", SignedAt)));

    [Fact]
    public async Task Apply_SignedGrantCopiedIntoARevocationEntry_IsNamedAsMisplaced()
    {
        var factory = new EntryFactory(SignedAt, "default");
        var draft = await AdministrationRecorder.SignDraftAsync("default", ApprovalEntryTypes.RoleGranted, "role:x", Grant.ToCanonicalBytes(), Admins.Administrator, Admins.Trust, SignedAt);
        var state = new AdministrativeState(Admins.Trust);

        state.Apply(factory.From(draft));
        state.Apply(factory.From(new EntryDraft(ApprovalEntryTypes.RoleRevoked, "role:x", "intruder", draft.Payload)));

        Assert.True(state.Grants.IsAuthorized(Grant.Role, Grant.CertificateSha256, factory.Now));
        var finding = Assert.Single(state.Findings);
        Assert.Equal((1L, AdministrativeFindingKind.WrongPlace), (finding.Sequence, finding.Kind));
    }

    [Fact]
    public async Task Apply_SignedGrantInAnotherChain_IsNamedAsMisplaced()
    {
        var draft = await AdministrationRecorder.SignDraftAsync("other", ApprovalEntryTypes.RoleGranted, "role:x", Grant.ToCanonicalBytes(), Admins.Administrator, Admins.Trust, SignedAt);
        var state = new AdministrativeState(Admins.Trust);

        state.Apply(new EntryFactory(SignedAt, "default").From(draft));

        Assert.Equal(AdministrativeFindingKind.WrongPlace, Assert.Single(state.Findings).Kind);
        Assert.False(state.Grants.IsAuthorized(Grant.Role, Grant.CertificateSha256, SignedAt + Duration.FromMinutes(1)));
    }
}
