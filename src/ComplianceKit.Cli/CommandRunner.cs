using System.CommandLine;
using ComplianceKit.Cli.Hosting;

namespace ComplianceKit.Cli;

/// <summary>Parses, runs, and maps every failure to a clear message and a documented exit code, never a stack trace.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Command root, string[] args, TextWriter output, TextWriter error)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'compliancekit --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageOrUnreadable;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (Files.OutputRefusedException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrUnreadable;
        }
        catch (ComplianceKit.Signing.SignerCertificateRejectedException ex)
        {
            await error.WriteLineAsync($"refused (SignerCertificateUnsuitable): {ex.Message} Nothing was written.").ConfigureAwait(false);
            return ExitCodes.CheckFailed;
        }
        catch (Exception ex) when (Files.DatabaseFailure.Describe(ex) is { } message)
        {
            await error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return ExitCodes.UsageOrUnreadable;
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrUnreadable;
        }
        catch (UnauthorizedAccessException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrUnreadable;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("error: cancelled.").ConfigureAwait(false);
            return ExitCodes.UsageOrUnreadable;
        }
#pragma warning disable CA1031 // The tool's promise: a message and an exit code, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"error: internal failure ({ex.GetType().Name}): {ex.Message}").ConfigureAwait(false);
            await error.WriteLineAsync("This is a bug in ComplianceKit; please report it with the command you ran.").ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
