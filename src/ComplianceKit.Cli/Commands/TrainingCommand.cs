using System.CommandLine;
using System.Globalization;
using ComplianceKit.Ledger;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary><c>compliancekit training complete|list</c>: workforce training completions over the domain's writer; 0 recorded or listed, 1 the ledger does not verify, 2 usage error.</summary>
internal static class TrainingCommand
{
    public static Command Create() => new("training", "Record a completed training assignment, or list assignments with their status.")
    {
        Complete(), List(),
    };

    private static Command Complete()
    {
        var db = OfficerOptions.Database();
        var person = new Option<string>("--person") { Description = "The person's id (never a name).", Required = true };
        var assignment = new Option<string>("--assignment") { Description = "The assignment completed.", Required = true };
        var completed = new Option<string?>("--completed") { Description = "When it was completed (default: now)." };
        var score = new Option<double?>("--score") { Description = "The score, 0 to 100, when the course is scored." };
        var expires = new Option<string?>("--expires") { Description = "When the completion stops counting (default: completion plus the assignment's recurrence)." };
        var actor = OfficerOptions.Actor();
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("complete", "Record that a person completed an assignment; a later completion (retraining) replaces it.")
        {
            db, person, assignment, completed, score, expires, actor, chain, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var clock = OfficerOptions.Clock;
            var completion = new TrainingCompletion
            {
                AssignmentId = parse.GetValue(assignment)!, PersonId = parse.GetValue(person)!,
                CompletedAt = InstantArgument.Parse(parse.GetValue(completed), clock, "--completed"), Score = parse.GetValue(score),
                ExpiresAt = parse.GetValue(expires) is { } x ? InstantArgument.Parse(x, clock, "--expires") : null,
            };
            var path = parse.GetValue(db)!;
            var actorName = parse.GetValue(actor)!;
            return OfficerWrite.AppendAsync(parse, path, parse.GetValue(chain)!, parse.GetValue(json), session =>
            {
                if (session.Snapshot?.Training.Any(t => t.AssignmentId == completion.AssignmentId && t.PersonId == completion.PersonId) != true)
                {
                    throw new UsageException($"no assignment '{completion.AssignmentId}' for person '{completion.PersonId}' is recorded.");
                }

                return [OfficerOptions.Draft(() => completion.ToDraft(actorName))];
            }, (session, receipt) => (
                $"Recorded completion of {completion.AssignmentId} by {completion.PersonId} at {PayloadCodec.FormatInstant(completion.CompletedAt)}; entry {receipt.FirstSequence}.",
                new { database = path, chainId = session.ChainId, entry = receipt.FirstSequence, assignmentId = completion.AssignmentId, personId = completion.PersonId,
                    completedAt = PayloadCodec.FormatInstant(completion.CompletedAt), score = completion.Score,
                    expiresAt = completion.ExpiresAt is { } e ? PayloadCodec.FormatInstant(e) : null }), cancellationToken);
        });
        return command;
    }

    private static Command List()
    {
        var db = OfficerOptions.Database();
        var person = new Option<string?>("--person") { Description = "Only this person's assignments." };
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("list", "List training assignments in the verified ledger with their status now.") { db, person, chain, json };
        var administration = new AdministrationOptions();
        administration.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            var now = OfficerOptions.Clock.GetCurrentInstant();
            await using var state = await OfficerOptions.OpenVerifiedAsync(path, parse.GetValue(chain)!, administration.Resolve(parse, path), now, cancellationToken).ConfigureAwait(false);
            if (state.Snapshot is null)
            {
                return await ReadinessCommand.NotVerifiedAsync(parse.InvocationConfiguration.Output, path, state, parse.GetValue(json)).ConfigureAwait(false);
            }

            var rows = state.Snapshot.Training.Where(t => parse.GetValue(person) is not { } p || t.PersonId == p)
                .OrderBy(t => t.PersonId, StringComparer.Ordinal).ThenBy(t => t.AssignmentId, StringComparer.Ordinal)
                .Select(t => new
                {
                    t.PersonId, t.AssignmentId, t.CourseId, Status = TrainingRules.StatusAt(t, now, Duration.FromDays(30)).ToString(),
                    DueAt = PayloadCodec.FormatInstant(t.DueAt), CompletedAt = t.CompletedAt is { } c ? PayloadCodec.FormatInstant(c) : null, t.Score,
                }).ToList();
            return await OfficerOutput.WriteListAsync(parse.InvocationConfiguration.Output, parse.GetValue(json), path, state.ChainId, "training", rows,
                r => string.Create(CultureInfo.InvariantCulture, $"  {r.PersonId} / {r.AssignmentId} ({r.CourseId}): {r.Status}; due {r.DueAt}{(r.CompletedAt is null ? "" : $", completed {r.CompletedAt}")}")).ConfigureAwait(false);
        });
        return command;
    }
}
