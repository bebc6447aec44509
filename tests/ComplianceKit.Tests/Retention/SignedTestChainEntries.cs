using ComplianceKit.Administration;
using ComplianceKit.Ledger;
using ComplianceKit.Signing;

namespace ComplianceKit.Tests.Retention;

/// <summary>Signed rule entries on a <see cref="TestChain"/>: signing uses the programme's AdministrationRecorder, so it lives beside the programme's tests.</summary>
internal static class SignedTestChainEntries
{
    /// <summary>Appends a rule entry signed by <paramref name="signer"/> as the store writes it (whoever the signer is: judging is the plan's job).</summary>
    public static LedgerEntry AppendSigned(this TestChain chain, string entryType, string subject, byte[] record, ICmsSigner signer) =>
        chain.Append(AdministrationRecorder.SignDraftAsync(TestChain.Id, entryType, subject, record, signer, AdministrationTrust.UnsignedAllowed(),
            chain.Clock.GetCurrentInstant()).GetAwaiter().GetResult());
}
