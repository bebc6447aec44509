using ComplianceKit.Approvals;
using ComplianceKit.CheckpointKeys;
using ComplianceKit.Signing;
using ComplianceKit.Testing.Signing;
using ComplianceKit.Tests.Timestamps;
using ComplianceKit.Timestamps;
using NodaTime;

namespace ComplianceKit.Tests.CheckpointKeys;

/// <summary>The chain of checkpoint keys (FORMAT.md 13.5): rotation signed by both keys, periods, and the compromise instant with and without timestamps.</summary>
public sealed class CheckpointKeyHistoryTests : IDisposable
{
    private static readonly byte[] Checkpoint = "test-clinic/compliancekit/default\n7\nvuInXbFmZ1iaRRX2Pg0FOi+mAsHZ+XA+mJIKW9rVm68=\n"u8.ToArray();
    private static readonly Instant RotatedAt = TimestampFixture.Now;
    private readonly TimestampFixture _f = new();
    private readonly TestSigner _old;
    private readonly TestSigner _new;
    private readonly TestSigner _other;

    public CheckpointKeyHistoryTests()
    {
        _old = TestSigner.Issue(_f.Organisation, "CN=Checkpoint Key 2025, O=Acme Clinic");
        _new = TestSigner.Issue(_f.Organisation, "CN=Checkpoint Key 2026, O=Acme Clinic");
        _other = TestSigner.Issue(_f.Organisation, "CN=Some Other Key, O=Acme Clinic");
    }

    [Fact]
    public async Task Judge_CheckpointByTheNewKeyAfterTheRotation_Accepted()
    {
        var history = await RotatedAsync();

        Assert.Null(history.Judge(await CheckpointAsync(_new, RotatedAt + Duration.FromHours(1))));
        Assert.Empty(history.Findings);
        Assert.Equal([Fingerprint(_old), Fingerprint(_new)], history.Keys.Select(k => k.CertificateSha256));
    }

    [Fact]
    public async Task Judge_OldKeyAfterTheRotation_RefusedAsRotatedAway()
    {
        var history = await RotatedAsync();

        var refusal = history.Judge(await CheckpointAsync(_old, RotatedAt + Duration.FromHours(1)));

        Assert.Equal(CheckpointKeyRefusalKind.RotatedAway, refusal?.Kind);
        Assert.Contains("entry 5", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_OldKeyBeforeTheRotation_Accepted()
    {
        var history = await RotatedAsync();

        Assert.Null(history.Judge(await CheckpointAsync(_old, RotatedAt - Duration.FromHours(1))));
    }

    [Fact]
    public async Task Judge_NewKeyBeforeTheRotation_RefusedAsNotYetInForce()
    {
        var history = await RotatedAsync();

        Assert.Equal(CheckpointKeyRefusalKind.NotYetInForce, history.Judge(await CheckpointAsync(_new, RotatedAt - Duration.FromHours(1)))?.Kind);
    }

    [Fact]
    public async Task Judge_AKeyOutsideTheChain_AcceptedOnlyBeforeTheChainBegan()
    {
        var history = await RotatedAsync();

        Assert.Null(history.Judge(await CheckpointAsync(_other, RotatedAt - Duration.FromHours(1))));
        Assert.Equal(CheckpointKeyRefusalKind.NotInKeyChain, history.Judge(await CheckpointAsync(_other, RotatedAt + Duration.FromHours(1)))?.Kind);
    }

    [Fact]
    public async Task Judge_NoKeyEntries_EveryVerifiedSignatureAccepted()
    {
        var history = new CheckpointKeyHistory(Verifier());

        Assert.Null(history.Judge(await CheckpointAsync(_other, RotatedAt + Duration.FromDays(1))));
    }

    [Fact]
    public async Task Apply_RotationWithoutTheNewKeysSignature_IgnoredAndTheOldKeyStays()
    {
        var payload = await CheckpointKeyRotation.SignAsync("default", _old, _new, RotatedAt);
        var rotation = CheckpointKeyRotation.Parse(payload);
        var history = new CheckpointKeyHistory(Verifier());

        history.Apply(5, "default", CheckpointKeyEntryTypes.Rotated, CheckpointKeyRotation.Compose(rotation.SignedContent, rotation.PreviousKeySignature, []));

        Assert.Equal(CheckpointKeyFindingKind.NotSignedByNewKey, Assert.Single(history.Findings).Kind);
        Assert.Empty(history.Keys);
        Assert.Null(history.Judge(await CheckpointAsync(_old, RotatedAt + Duration.FromHours(1))));
    }

    [Fact]
    public async Task Apply_RotationWhoseOldSignatureIsByAnotherKey_IgnoredAsNotSignedByThePreviousKey()
    {
        var rotation = CheckpointKeyRotation.Parse(await CheckpointKeyRotation.SignAsync("default", _old, _new, RotatedAt));
        var byOther = await _other.SignDetachedAsync(rotation.SignedContent, RotatedAt);
        var history = new CheckpointKeyHistory(Verifier());

        history.Apply(5, "default", CheckpointKeyEntryTypes.Rotated, CheckpointKeyRotation.Compose(rotation.SignedContent, byOther, rotation.NewKeySignature));

        var finding = Assert.Single(history.Findings);
        Assert.Equal(CheckpointKeyFindingKind.NotSignedByPreviousKey, finding.Kind);
        Assert.Contains("CN=Some Other Key", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SecondRotationFromAKeyNoLongerInForce_Ignored()
    {
        var history = await RotatedAsync();

        history.Apply(9, "default", CheckpointKeyEntryTypes.Rotated, await CheckpointKeyRotation.SignAsync("default", _old, _other, RotatedAt + Duration.FromDays(1)));

        Assert.Equal(CheckpointKeyFindingKind.NotTheKeyInForce, Assert.Single(history.Findings).Kind);
        Assert.Equal(Fingerprint(_new), history.Keys[^1].CertificateSha256);
    }

    [Fact]
    public async Task Apply_ReplayedRotationAndAnotherChains_Ignored()
    {
        var payload = await CheckpointKeyRotation.SignAsync("default", _old, _new, RotatedAt);
        var history = new CheckpointKeyHistory(Verifier());

        history.Apply(5, "default", CheckpointKeyEntryTypes.Rotated, payload);
        history.Apply(6, "default", CheckpointKeyEntryTypes.Rotated, payload);
        history.Apply(7, "billing", CheckpointKeyEntryTypes.Rotated, payload);

        Assert.Equal([CheckpointKeyFindingKind.Replayed, CheckpointKeyFindingKind.WrongPlace], history.Findings.Select(f => f.Kind));
    }

    [Fact]
    public async Task Judge_CompromisedKeyUntimestamped_RefusedEvenWhenItClaimsAnEarlierTime()
    {
        var history = Compromised(_old, RotatedAt);

        var refusal = history.Judge(await CheckpointAsync(_old, RotatedAt - Duration.FromDays(3)));

        Assert.Equal(CheckpointKeyRefusalKind.Compromised, refusal?.Kind);
        Assert.Contains("no trusted timestamp", refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Judge_CompromisedKeyTimestampedBeforeTheCompromise_Accepted()
    {
        var history = Compromised(_old, RotatedAt);

        var signature = await TimestampedCheckpointAsync(_old, RotatedAt - Duration.FromDays(3));

        Assert.Equal(SigningTimeBasis.Timestamp, signature.TimeBasis);
        Assert.Null(history.Judge(signature));
    }

    [Fact]
    public async Task Judge_CompromisedKeyTimestampedAfterTheCompromise_Refused()
    {
        var history = Compromised(_old, RotatedAt);

        var signature = await TimestampedCheckpointAsync(_old, RotatedAt + Duration.FromMinutes(1));

        Assert.Equal(SigningTimeBasis.Timestamp, signature.TimeBasis);
        Assert.Equal(CheckpointKeyRefusalKind.Compromised, history.Judge(signature)?.Kind);
    }

    [Fact]
    public async Task Apply_RotationByAKeyAlreadyRecordedCompromised_IgnoredWithoutATimestamp()
    {
        var history = Compromised(_old, RotatedAt - Duration.FromDays(1));

        history.Apply(5, "default", CheckpointKeyEntryTypes.Rotated, await CheckpointKeyRotation.SignAsync("default", _old, _new, RotatedAt));

        Assert.Equal(CheckpointKeyFindingKind.PreviousKeyCompromised, Assert.Single(history.Findings).Kind);
    }

    public void Dispose()
    {
        _old.Dispose();
        _new.Dispose();
        _other.Dispose();
        _f.Dispose();
    }

    private static string Fingerprint(TestSigner signer) => CertificateFingerprint.Of(signer.Certificate);

    private CmsSignatureVerifier Verifier() => new(_f.Policy());

    private async Task<CheckpointKeyHistory> RotatedAsync()
    {
        var history = new CheckpointKeyHistory(Verifier());
        history.Apply(5, "default", CheckpointKeyEntryTypes.Rotated, await CheckpointKeyRotation.SignAsync("default", _old, _new, RotatedAt));
        return history;
    }

    private CheckpointKeyHistory Compromised(TestSigner key, Instant from)
    {
        var history = new CheckpointKeyHistory(Verifier());
        history.Apply(3, "default", CheckpointKeyEntryTypes.Compromised, new CheckpointKeyCompromise(Fingerprint(key), from, "laptop stolen").ToCanonicalBytes());
        return history;
    }

    private async Task<SignatureVerificationResult> CheckpointAsync(TestSigner key, Instant at)
    {
        var result = Verifier().Verify(Checkpoint, await key.SignDetachedAsync(Checkpoint, at));
        Assert.True(result.IsValid, result.Message);
        return result;
    }

    private async Task<SignatureVerificationResult> TimestampedCheckpointAsync(TestSigner key, Instant at)
    {
        _f.TsaClock.Reset(at);
        var signature = await new TimestampingSigner(key, new Rfc3161TimestampClient(_f.Http, _f.Options())).SignDetachedAsync(Checkpoint, at);
        var result = Verifier().Verify(Checkpoint, signature);
        Assert.True(result.IsValid, result.Message);
        return result;
    }
}
