using System.CommandLine;
using ComplianceKit.Administration;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;
using ComplianceKit.Retention;
using ComplianceKit.Signing;

namespace ComplianceKit.Cli.Administration;

/// <summary>
/// Who records a retention policy, override or hold: an administrator signing with the shared <c>--signing-cert</c> options
/// under the pinned root (<c>--admin-root</c>, default <c>&lt;db&gt;.admin-root.pem</c>), or, only in the weaker mode
/// (<c>--unsigned-administration</c>), an unsigned <c>--actor</c>.
/// </summary>
internal sealed class RetentionAuthorOptions
{
    private readonly Option<string?> _actor;

    public RetentionAuthorOptions(string actorDescription)
    {
        _actor = new Option<string?>("--actor") { Description = $"{actorDescription} Only with --unsigned-administration: an unsigned author's name." };
    }

    public AdministrationOptions Administration { get; } = new();

    public SignerOptions Signing { get; } = new("an administrator's, chaining to the pinned administration root", required: false);

    public void AddTo(Command command)
    {
        command.Options.Add(_actor);
        Administration.AddTo(command);
        Signing.AddTo(command);
    }

    /// <summary>The trust and the author: the administrator's signer, or the unsigned actor in the weaker mode.</summary>
    /// <exception cref="UsageException">No root and no weaker mode, no author, or both a signer and an actor.</exception>
    public (AdministrationTrust Trust, CliSigner? Signer, string? Actor) Resolve(ParseResult parse, ComplianceKit.Cli.Files.LedgerLocation database)
    {
        var (trust, _) = Administration.Resolve(parse, database);
        var actor = parse.GetValue(_actor);
        if (Signing.IsGiven(parse))
        {
            return actor is null
                ? (trust, Signing.Load(parse), null)
                : throw new UsageException("--actor names an unsigned author; with --signing-cert or --sign-with the administrator's certificate says who records it.");
        }

        if (!trust.AllowsUnsigned)
        {
            throw new UsageException("retention policies, overrides and holds are administration: give --signing-cert (an administrator's certificate " +
                "under the pinned administration root), or --unsigned-administration with --actor for a ledger made before signed administration (weaker).");
        }

        return actor is null
            ? throw new UsageException("--actor is required without --signing-cert (unsigned administration).")
            : (trust, null, actor);
    }

    /// <summary>
    /// Runs a rule write: a signer who is not an administrator is a refusal (exit 1, nothing written, the reason on one line);
    /// any other refusal (a hold already active, a policy below its minimum) is a usage error.
    /// </summary>
    public static async Task<(T? Result, int? Refused)> RecordAsync<T>(TextWriter output, Func<Task<T>> write)
        where T : class
    {
        try
        {
            return (await write().ConfigureAwait(false), null);
        }
        catch (RetentionException ex) when (ex.InnerException is AdministrationRefusedException)
        {
            await output.WriteLineAsync($"Refused, nothing written: {ex.Message}").ConfigureAwait(false);
            return (null, ExitCodes.CheckFailed);
        }
        catch (RetentionException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (LedgerValidationException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
