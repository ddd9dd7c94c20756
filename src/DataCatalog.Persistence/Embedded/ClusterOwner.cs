using System.Diagnostics;
using System.Globalization;

namespace DataCatalog.Persistence.Embedded;

/// <summary>The process that owns the embedded cluster (the one that stops it), as written in the <c>owner</c> file:
/// <c>&lt;pid&gt; &lt;server|cli&gt; &lt;port&gt;</c>.</summary>
internal sealed record ClusterOwner(int ProcessId, ClusterRole Role, int Port)
{
    private const string FileName = "owner";

    public bool IsAlive() => IsProcessAlive(ProcessId);

    public static bool IsProcessAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static async Task<ClusterOwner?> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = (await File.ReadAllTextAsync(path, cancellationToken)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 3
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && Enum.TryParse<ClusterRole>(parts[1], ignoreCase: true, out var role)
               && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new ClusterOwner(pid, role, port)
            : null;
    }

    public Task WriteAsync(string folder, CancellationToken cancellationToken) => File.WriteAllTextAsync(
        Path.Combine(folder, FileName),
        string.Create(CultureInfo.InvariantCulture, $"{ProcessId} {Role.ToString().ToLowerInvariant()} {Port}"),
        cancellationToken);
}

/// <summary>An exclusive lock on <c>owner.lock</c> beside the cluster, held while a process decides whether to start,
/// take over or stop the cluster, so a CLI stopping it and a server taking it over never interleave.</summary>
/// <remarks>The operating system releases it when the holder dies, so a killed process never leaves it held.</remarks>
internal sealed class OwnershipLock : IAsyncDisposable
{
    private readonly FileStream _file;

    private OwnershipLock(FileStream file) => _file = file;

    public static async Task<OwnershipLock> AcquireAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "owner.lock");
        // Starting a cluster takes up to a minute (pg_ctl -t 60); a waiter gives up well after that.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                return new OwnershipLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
