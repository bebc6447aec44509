using ComplianceKit.Anchoring;
using ComplianceKit.Signing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace ComplianceKit.Benchmarks.Anchoring;

/// <summary>The checkpoint publishing a host adds beside its access log, as the group-commit benchmarks run it.</summary>
internal static class BenchmarkPublishing
{
    /// <summary>
    /// Adds the hosted checkpoint publisher for <paramref name="chain"/>: every 1,000 entries (looked for every 50 ms), written
    /// to a directory sink under <paramref name="folder"/> and co-signed by a witness in the process whose state is kept there too.
    /// </summary>
    public static void Add(ComplianceKitBuilder kit, string chain, string folder, BenchmarkPki organisation, BenchmarkPki witnessKey, IClock clock)
    {
        var witness = new CheckpointWitness(Path.Combine(folder, "witness"), new CmsSignatureVerifier(new SignatureTrustPolicy([organisation.Root])),
            new X509CertificateSigner(witnessKey.Signer), clock);
        kit.AddCheckpointPublishing(o =>
        {
            o.Chains.Add(chain);
            o.Schedule = new CheckpointSchedule { EveryEntries = 1000 };
            o.PollInterval = Duration.FromMilliseconds(50);
            o.Sinks.Add(new DirectoryCheckpointSink(Path.Combine(folder, "sink")));
            o.Witnesses.Add(new InProcessWitnessClient(witness, "benchmark witness"));
        });
    }
}
