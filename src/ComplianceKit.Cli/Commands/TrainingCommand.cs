using System.CommandLine;
using System.Globalization;
using ComplianceKit.Cli.Hosting;
using ComplianceKit.Ledger;
using ComplianceKit.Cli.Administration;
using ComplianceKit.Cli.Compliance;
using ComplianceKit.Training;
using NodaTime;

namespace ComplianceKit.Cli.Commands;

/// <summary>
/// <c>compliancekit training assign|complete|list</c>: workforce training assignments and completions over the domain's records; 0 recorded or
/// listed, 1 the ledger does not verify, 2 usage error.
/// </summary>
internal static class TrainingCommand
{
    public static Command Create() => new("training", "Assign a course to a person, record a completed assignment, or list assignments with their status.")
    {
        Assign(), Complete(), List(),
    };

    private static Command Assign()
    {
        var db = OfficerOptions.Database();
        var person = new Option<string>("--person") { Description = "The person's id (never a name).", Required = true };
        var assignment = new Option<string>("--assignment") { Description = "The assignment's id, for example staff-042/hipaa-security-2026; assigning it again to the same person replaces course, due date and recurrence.", Required = true };
        var course = new Option<string>("--course") { Description = "The course id, for example hipaa-security-awareness.", Required = true };
        var version = new Option<string>("--content-version") { Description = "The course content's version, for example 2026.1.", Required = true };
        var content = new Option<string?>("--content") { Description = "The course content package; its SHA-256 is recorded (the file stays where it is)." };
        var contentSha256 = new Option<string?>("--content-sha256") { Description = "The content package's SHA-256 (64 hex digits), instead of --content." };
        var topics = new Option<string[]>("--topic") { Description = "A security awareness topic the course covers (repeatable): security-reminders, malicious-software-protection, login-monitoring, password-management." };
        var assigned = new Option<string?>("--assigned") { Description = "When it was assigned (default: now)." };
        var due = new Option<string>("--due") { Description = "When it must be completed (2026-03-01T12:00:00Z or 2026-03-01).", Required = true };
        var recurrence = new Option<int?>("--recurrence-days") { Description = "Days a completion stays valid before retraining is due (1 to 3660)." };
        var actor = OfficerOptions.Actor();
        var chain = OfficerOptions.Chain();
        var json = OfficerOptions.Json();
        var command = new Command("assign", "Assign a course to a person, pinned by its content version and SHA-256, with a due date and optional recurrence.")
        {
            db, person, assignment, course, version, content, contentSha256, topics, assigned, due, recurrence, actor, chain, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var clock = OfficerOptions.Clock;
            var record = new TrainingAssignment
            {
                AssignmentId = parse.GetValue(assignment)!, PersonId = parse.GetValue(person)!, CourseId = parse.GetValue(course)!,
                ContentVersion = parse.GetValue(version)!,
                ContentSha256 = ArtifactDigest.FromFileOrHex(parse.GetValue(content), parse.GetValue(contentSha256), "--content", "--content-sha256", "course content")
                    ?? throw new UsageException("name the course content with --content <file> or --content-sha256 <hex>."),
                Topics = (parse.GetValue(topics) ?? []).Select(ParseTopic).ToList(),
                AssignedAt = InstantArgument.Parse(parse.GetValue(assigned), clock, "--assigned"),
                DueAt = InstantArgument.Parse(parse.GetValue(due), clock, "--due"),
                RecurrenceDays = parse.GetValue(recurrence),
            };
            var path = parse.GetValue(db)!;
            var actorName = parse.GetValue(actor)!;
            return OfficerWrite.AppendAsync(parse, path, parse.GetValue(chain)!, parse.GetValue(json), session =>
            {
                // The projection ignores an assignment id that belongs to someone else; refuse it rather than record an ignored entry.
                if (session.Snapshot?.Training.FirstOrDefault(t => t.AssignmentId == record.AssignmentId) is { } existing && existing.PersonId != record.PersonId)
                {
                    throw new UsageException($"assignment '{record.AssignmentId}' belongs to '{existing.PersonId}', not '{record.PersonId}'; choose another --assignment id.");
                }

                return [OfficerOptions.Draft(() => record.ToDraft(actorName))];
            }, (session, receipt) => (
                $"Recorded assignment {record.AssignmentId} of {record.CourseId} {record.ContentVersion} to {record.PersonId}, due {InstantJsonConverter.Format(record.DueAt)}; entry {receipt.FirstSequence}.",
                new { database = path, chainId = session.ChainId, entry = receipt.FirstSequence, assignmentId = record.AssignmentId, personId = record.PersonId,
                    courseId = record.CourseId, contentVersion = record.ContentVersion, contentSha256 = record.ContentSha256, topics = record.Topics.Select(t => t.ToString()),
                    assignedAt = InstantJsonConverter.Format(record.AssignedAt), dueAt = InstantJsonConverter.Format(record.DueAt), recurrenceDays = record.RecurrenceDays }), cancellationToken);
        });
        return command;
    }

    private static TrainingTopic ParseTopic(string text) =>
        Enum.GetNames<TrainingTopic>().FirstOrDefault(n => n.Equals(text.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<TrainingTopic>(name)
            : throw new UsageException($"--topic '{text}' is not one of security-reminders, malicious-software-protection, login-monitoring, password-management.");

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
        var person = new Option<string?>("--person") { Description = "Only this person's assignments." };
        return OfficerOptions.CreateList("List training assignments in the verified ledger with their status now.", [person], async (parse, state, now, json) =>
        {
            var path = state.Database.Location;

            var rows = state.Snapshot!.Training.Where(t => parse.GetValue(person) is not { } p || t.PersonId == p)
                .OrderBy(t => t.PersonId, StringComparer.Ordinal).ThenBy(t => t.AssignmentId, StringComparer.Ordinal)
                .Select(t => new
                {
                    t.PersonId, t.AssignmentId, t.CourseId, Status = TrainingRules.StatusAt(t, now, Duration.FromDays(30)).ToString(),
                    DueAt = PayloadCodec.FormatInstant(t.DueAt), CompletedAt = t.CompletedAt is { } c ? PayloadCodec.FormatInstant(c) : null, t.Score,
                }).ToList();
            return await OfficerOutput.WriteListAsync(parse.InvocationConfiguration.Output, json, path, state.ChainId, "training", rows,
                r => string.Create(CultureInfo.InvariantCulture, $"  {r.PersonId} / {r.AssignmentId} ({r.CourseId}): {r.Status}; due {r.DueAt}{(r.CompletedAt is null ? "" : $", completed {r.CompletedAt}")}")).ConfigureAwait(false);
        });
    }
}
