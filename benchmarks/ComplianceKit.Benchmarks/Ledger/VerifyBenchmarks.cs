using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ComplianceKit.EntityFrameworkCore;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.Benchmarks.Ledger;

/// <summary>
/// Streaming verification of a whole chain against the hashing limit: SHA-256 over the same bytes
/// (header fields, salt and payload of every entry) read by the same kind of streamed query.
/// </summary>
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private string _path = "";

    /// <summary>Entries in the chain.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Entries { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkData.ChainSizes;

    [GlobalSetup]
    public async Task SetupAsync() => _path = await BenchmarkData.ChainDatabaseAsync(Entries);

    [Benchmark(Baseline = true, Description = "streamed read + raw SHA-256 of the same bytes")]
    public Task<int> StreamedReadPlusSha256() => StreamedReadPlusSha256Async(_path);

    /// <summary>
    /// Reads every row of the chain in <paramref name="path"/> by one streamed query and hashes the bytes verification hashes
    /// with raw SHA-256; returns the rows read. Also run as a whole process by benchmarks/verify-db-vs-stream.sh.
    /// </summary>
    public static async Task<int> StreamedReadPlusSha256Async(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT chain_id, sequence, entry_type, subject, actor, occurred_at, recorded_at, payload, payload_salt, payload_digest, previous_hash, entry_hash FROM ck_ledger_entries WHERE chain_id = 'bench' ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var digest = new byte[32];
        var rows = 0;
        while (await reader.ReadAsync())
        {
            // One SHA-256 over the header-sized bytes, one over salt + payload: the same bytes verification hashes.
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(reader.GetString(2) + reader.GetString(3) + reader.GetString(4)));
            hash.AppendData(reader.GetFieldValue<byte[]>(9));
            hash.AppendData(reader.GetFieldValue<byte[]>(10));
            hash.GetHashAndReset(digest);
            hash.AppendData(reader.GetFieldValue<byte[]>(8));
            hash.AppendData(reader.GetFieldValue<byte[]>(7));
            hash.GetHashAndReset(digest);
            rows++;
        }

        return rows;
    }

    /// <summary>
    /// The baseline with the kernel's own SHA-256 path (<see cref="Hashing.Sha256Digest"/>, OpenSSL without .NET's per-call
    /// wrapper on Linux) instead of <see cref="IncrementalHash"/>: a stricter limit, since verification hashes the same way.
    /// </summary>
    [Benchmark(Description = "streamed read + SHA-256 of the same bytes, the kernel's hashing")]
    public async Task<int> StreamedReadPlusKernelSha256()
    {
        await using var connection = new SqliteConnection($"Data Source={_path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT chain_id, sequence, entry_type, subject, actor, occurred_at, recorded_at, payload, payload_salt, payload_digest, previous_hash, entry_hash FROM ck_ledger_entries WHERE chain_id = 'bench' ORDER BY sequence";
        await using var reader = await command.ExecuteReaderAsync();
        var digest = new byte[32];
        var rows = 0;
        while (await reader.ReadAsync())
        {
            var header = System.Text.Encoding.UTF8.GetBytes(reader.GetString(2) + reader.GetString(3) + reader.GetString(4));
            Hashing.Sha256Digest.HashInto(header, reader.GetFieldValue<byte[]>(9), reader.GetFieldValue<byte[]>(10), digest);
            Hashing.Sha256Digest.HashInto(reader.GetFieldValue<byte[]>(8), reader.GetFieldValue<byte[]>(7), [], digest);
            rows++;
        }

        return rows;
    }

    [Benchmark(Description = "VerifyAsync (payload digest, header hash, link, Merkle root)")]
    public async Task<bool> VerifyChain()
    {
        await using var context = new ComplianceKitDbContext(BenchmarkData.Sqlite(_path));
        var report = await BenchmarkData.Ledger(context).VerifyAsync("bench");
        return report.IsValid ? true : throw new InvalidOperationException(report.FirstFailure?.ToString());
    }
}
