using ComplianceKit.Anchoring;
using ComplianceKit.Benchmarks.Anchoring.Phases;
using ComplianceKit.Signing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Benchmarks.Anchoring;

/// <summary>The checkpoint publishing a host adds beside its access log, as the group-commit benchmarks run it.</summary>
internal static class BenchmarkPublishing
{
    private const string SignerKey = "benchmark checkpoints";

    /// <summary>
    /// Adds the hosted checkpoint publisher for <paramref name="chain"/>: every 1,000 entries, looked for as <paramref name="pace"/> says
    /// (every 50 ms unless told otherwise), written to a directory sink under <paramref name="folder"/> and co-signed by a witness in the
    /// process whose state is kept there too. The organisation's key, the sink and the witness are timed phase by phase
    /// (<see cref="PhaseTimings"/>).
    /// </summary>
    public static void Add(ComplianceKitBuilder kit, string chain, string folder, BenchmarkPki organisation, BenchmarkPki witnessKey, IClock clock,
        PublishingPace pace = PublishingPace.Every50Milliseconds)
    {
        var witness = new CheckpointWitness(Path.Combine(folder, "witness"), new CmsSignatureVerifier(new SignatureTrustPolicy([organisation.Root])),
            new TimedSigner(new X509CertificateSigner(witnessKey.Signer), "witness: co-sign (its key)"), clock);
        kit.Services.AddKeyedSingleton<ICmsSigner>(SignerKey, new TimedSigner(new X509CertificateSigner(organisation.Signer), "publisher: sign checkpoint"));
        kit.AddCheckpointPublishing(o =>
        {
            o.Chains.Add(chain);
            if (pace == PublishingPace.Every50Milliseconds)
            {
                o.Schedule = new CheckpointSchedule { EveryEntries = 1000 };
                o.PollInterval = Duration.FromMilliseconds(50);
            }

            o.SignerKey = SignerKey;
            o.Sinks.Add(new TimedCheckpointSink(new DirectoryCheckpointSink(Path.Combine(folder, "sink"))));
            o.Witnesses.Add(new TimedWitnessClient(new InProcessWitnessClient(witness, "benchmark witness")));
        });
    }
}
