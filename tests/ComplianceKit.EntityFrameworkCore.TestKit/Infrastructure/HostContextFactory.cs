using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ComplianceKit.EntityFrameworkCore.TestKit.Infrastructure;

/// <summary>The factory a host registers with AddDbContextFactory, over a test database, optionally with interceptors.</summary>
public sealed class HostContextFactory(TestDatabase db, params IInterceptor[] interceptors) : IDbContextFactory<HostDbContext>
{
    /// <summary>How many contexts were made.</summary>
    public int Created { get; private set; }

    /// <inheritdoc />
    public HostDbContext CreateDbContext()
    {
        Created++;
        return db.CreateContext(interceptors);
    }
}
