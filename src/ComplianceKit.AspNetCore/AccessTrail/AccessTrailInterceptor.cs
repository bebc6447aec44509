using ComplianceKit.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComplianceKit.AspNetCore.AccessTrail;

/// <summary>
/// Notes every <see cref="IPhiRecord"/> the host's context materializes (view) or saves (create, update, delete) during a
/// request, for <see cref="AccessTrailFilter"/> to record. Outside a request (background work) it notes nothing. A singleton:
/// the notes live on the request, not here.
/// </summary>
internal sealed class AccessTrailInterceptor(IHttpContextAccessor accessor) : SaveChangesInterceptor, IMaterializationInterceptor
{
    public object InitializedInstance(MaterializationInterceptionData materializationData, object entity)
    {
        if (entity is IPhiRecord record && accessor.HttpContext is { } http)
        {
            AccessTrailNotes.Of(http).Add(record.RecordReference, AccessAction.View);
        }

        return entity;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Note(DbContext? context)
    {
        if (context is null || accessor.HttpContext is not { } http)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<IPhiRecord>())
        {
            AccessAction? action = entry.State switch
            {
                EntityState.Added => AccessAction.Create,
                EntityState.Modified => AccessAction.Update,
                EntityState.Deleted => AccessAction.Delete,
                _ => null,
            };
            if (action is { } noted)
            {
                AccessTrailNotes.Of(http).Add(entry.Entity.RecordReference, noted);
            }
        }
    }
}
