using System.Globalization;
using DataCatalog.Persistence.Locks;

namespace DataCatalog.Host.Startup;

/// <summary>The session advisory lock that serialises one-time preparation (demo databases, migrations, demo seeding)
/// between processes starting together on one cluster: a server started while a CLI verb prepares waits for it.</summary>
internal static class PreparationLock
{
    // First key of the two-key advisory lock space: "DCPR".
    private const int LockSpace = 0x44435052;

    public static Task<SessionAdvisoryLock> AcquireAsync(string connectionString, int step, CancellationToken cancellationToken) =>
        SessionAdvisoryLock.AcquireAsync(connectionString, LockSpace, step.ToString(CultureInfo.InvariantCulture), null, cancellationToken);
}
