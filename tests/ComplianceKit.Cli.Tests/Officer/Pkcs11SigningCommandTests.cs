using System.IO.Compression;
using ComplianceKit.Cli.Tests.Infrastructure;
using ComplianceKit.Pkcs11.Tests.Infrastructure;
using ComplianceKit.Tests.Signing;
using Microsoft.Data.Sqlite;

namespace ComplianceKit.Cli.Tests.Officer;

/// <summary>
/// <c>--sign-with pkcs11:...</c> on a SoftHSM2 token wherever a PFX is accepted: approve, evidence add and export sign with
/// keys that never leave the token, and verify with <c>verify</c> and OpenSSL; a wrong PIN, a missing object or a removed
/// token is exit 2 with one line, and nothing is written. Runs alone: SoftHSM reads SOFTHSM2_CONF when the module loads.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class Pkcs11SigningCommandTests
{
    private const string PinVariable = "CK_CLI_TOKEN_PIN";

    [Fact]
    public async Task ApproveEvidenceExport_SignWithTokenKeys_RecordedAndVerifiedByVerifyAndOpenSsl()
    {
        using var setup = await TokenWorkspace.CreateAsync();
        var work = setup.Work;

        var approve = await CliRun.RunAsync([.. Approve(work), .. setup.SignWith("01"), "--json"]);
        var evidence = await CliRun.RunAsync(["evidence", "add", "--db", work.Database, "--control", OfficerWorkspace.BackupControl, "--file", work.Write("drill.txt", "restore drill"),
            "--collected-by", "staff-042", .. setup.SignWith("02")]);
        var bundle = work.File("release.zip");
        var export = await CliRun.RunAsync(["export", "--db", work.Database, "--out", bundle, "--trust-anchor", setup.CaPem, .. setup.SignWith("03")]);

        Assert.True(approve.Exit == 0, approve.ToString());
        Assert.Equal("Compliance Officer", approve.Json().GetProperty("statement").GetProperty("role").GetString());
        Assert.True(evidence.Exit == 0, evidence.ToString());
        Assert.True(export.Exit == 0, export.ToString());
        Assert.Contains("signed by CN=Acme Checkpoints", export.Output, StringComparison.Ordinal);
        var verify = await CliRun.RunAsync("verify", bundle, "--trust", setup.CaPem, "--trust", work.CaPem, "--json");
        Assert.True(verify.Exit == 0, verify.ToString());
        using var zip = ZipFile.OpenRead(bundle);
        using var openssl = new OpenSslCli();
        var checkpoint = openssl.VerifyDetached(Read(zip, "checkpoint.txt"), Read(zip, "checkpoint.p7s"), setup.Ca.Certificate);
        Assert.True(checkpoint.ExitCode == 0, checkpoint.Output);
        var approval = zip.Entries.Single(e => e.FullName.StartsWith("approvals/", StringComparison.Ordinal) && e.FullName.EndsWith(".p7s", StringComparison.Ordinal)).FullName;
        var signed = openssl.VerifyDetached(Read(zip, approval.Replace(".p7s", ".statement.json", StringComparison.Ordinal)), Read(zip, approval), setup.Ca.Certificate);
        Assert.True(signed.ExitCode == 0, signed.Output);
    }

    [Fact]
    public async Task Approve_WrongPin_Exit2OneLineAndNothingWritten()
    {
        using var setup = await TokenWorkspace.CreateAsync();
        var head = setup.Head();
        Environment.SetEnvironmentVariable("CK_CLI_WRONG_PIN", "0000-not-the-pin");

        var result = await CliRun.RunAsync([.. Approve(setup.Work), "--sign-with", setup.Token.Uri("01"), "--pkcs11-module", SoftHsmToken.ModulePath, "--pin-env", "CK_CLI_WRONG_PIN"]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: --sign-with (PinIncorrect): ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("0000-not-the-pin", result.Error + result.Output, StringComparison.Ordinal);
        Assert.Equal(head, setup.Head());
    }

    [Fact]
    public async Task Approve_NoSuchObjectOnTheToken_Exit2NamingItAndNothingWritten()
    {
        using var setup = await TokenWorkspace.CreateAsync();
        var head = setup.Head();

        var result = await CliRun.RunAsync([.. Approve(setup.Work), "--sign-with", $"pkcs11:token=ComplianceKit%20Test;object=nobody",
            "--pkcs11-module", SoftHsmToken.ModulePath, "--pin-env", PinVariable]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: --sign-with (KeyNotFound): No private key with object=nobody is on the token 'ComplianceKit Test'", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Equal(head, setup.Head());
    }

    [Fact]
    public async Task Export_TokenRemoved_Exit2AndNoBundle()
    {
        using var setup = await TokenWorkspace.CreateAsync();
        var bundle = setup.Work.File("release.zip");
        setup.Token.RemoveTokenDirectory();

        var result = await CliRun.RunAsync(["export", "--db", setup.Work.Database, "--out", bundle, .. setup.SignWith("03")]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: --sign-with (TokenNotFound): No token in the PKCS #11 module", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(bundle));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(bundle)!, "release.zip*"));
    }

    [Theory]
    [InlineData("both")]
    [InlineData("no-pin")]
    [InlineData("pin-without-uri")]
    [InlineData("pin-in-uri")]
    public async Task Approve_SigningOptionsInconsistent_Exit2AndNothingWritten(string mistake)
    {
        using var setup = await TokenWorkspace.CreateAsync();
        var head = setup.Head();
        string[] options = mistake switch
        {
            "both" => [.. setup.SignWith("01"), "--signing-cert", setup.Work.Pfx(TestPki.Instance.RsaSigner, "casey.pfx")],
            "no-pin" => ["--sign-with", setup.Token.Uri("01"), "--pkcs11-module", SoftHsmToken.ModulePath],
            "pin-without-uri" => ["--signing-cert", setup.Work.Pfx(TestPki.Instance.RsaSigner, "casey.pfx"), "--pin-env", PinVariable],
            _ => ["--sign-with", setup.Token.Uri("01") + "?pin-value=4711", "--pkcs11-module", SoftHsmToken.ModulePath, "--pin-env", PinVariable],
        };

        var result = await CliRun.RunAsync([.. Approve(setup.Work), .. options]);

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("4711", result.Error, StringComparison.Ordinal);
        Assert.Equal(head, setup.Head());
    }

    private static string[] Approve(OfficerWorkspace work) =>
        ["approve", "--db", work.Database, "--gate", OfficerWorkspace.Gate, "--decision", "approved", "--artifact-sha256", new string('b', 64), "--yes"];

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// An officer workspace whose ledger also trusts the token CA, with three key pairs generated on a SoftHSM2 token: 01 RSA
    /// (granted Compliance Officer), 02 P-256 (the evidence collector), 03 P-256 (the organisation's checkpoint key, O=).
    /// </summary>
    private sealed class TokenWorkspace : IDisposable
    {
        private TokenWorkspace(OfficerWorkspace work, SoftHsmToken token, TokenCertificateAuthority ca)
        {
            Work = work;
            Token = token;
            Ca = ca;
        }

        public OfficerWorkspace Work { get; }

        public SoftHsmToken Token { get; }

        public TokenCertificateAuthority Ca { get; }

        public string CaPem => Work.File("token-ca.pem");

        public static async Task<TokenWorkspace> CreateAsync()
        {
            var work = await OfficerWorkspace.CreateAsync();
            var ca = new TokenCertificateAuthority();
            var token = SoftHsmToken.Create();
            var setup = new TokenWorkspace(work, token, ca);
            Environment.SetEnvironmentVariable(PinVariable, token.Pin);
            var officer = setup.Issue("01", "rsa:2048", "officer", "CN=Casey Token, O=ComplianceKit Tests");
            setup.Issue("02", "EC:prime256v1", "collector", "CN=Sam Collector, O=ComplianceKit Tests");
            setup.Issue("03", "EC:prime256v1", "checkpoints", "CN=Acme Checkpoints, O=ComplianceKit Tests");
            work.Write("token-ca.pem", ca.Certificate.ExportCertificatePem());
            string[] admin = ["--signing-cert", work.File("pki/administrator.pfx"), "--signing-password-env", OfficerWorkspace.PasswordVariable];
            await MustAsync(["trust", "add", "--db", work.Database, "--cert", setup.CaPem, .. admin]);
            await MustAsync(["role", "grant", "--db", work.Database, "--role", "Compliance Officer", "--cert", work.Write("officer-token.pem", officer.ExportCertificatePem()), .. admin]);
            return setup;
        }

        public string[] SignWith(string idHex) => ["--sign-with", Token.Uri(idHex), "--pkcs11-module", SoftHsmToken.ModulePath, "--pin-env", PinVariable];

        /// <summary>The chain head row as stored, read outside the library.</summary>
        public string Head()
        {
            using var connection = new SqliteConnection($"Data Source={Work.Database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM ck_chain_heads";
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i) is byte[] b ? Convert.ToHexString(b) : reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }

            return $"{Work.LedgerSize()} entries; " + string.Join("; ", rows);
        }

        public void Dispose()
        {
            Token.Dispose();
            Ca.Dispose();
            Work.Dispose();
        }

        private System.Security.Cryptography.X509Certificates.X509Certificate2 Issue(string id, string keyType, string label, string subject)
        {
            var certificate = Ca.Issue(Token.GenerateKeyPair(keyType, id, label), subject);
            Token.WriteCertificate(certificate, id, label);
            return certificate;
        }

        private static async Task MustAsync(params string[] args)
        {
            var result = await CliRun.RunAsync(args);
            Assert.True(result.Exit == 0, $"compliancekit {string.Join(' ', args)}\n{result}");
        }
    }
}
