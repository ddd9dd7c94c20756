using DataCatalog.Persistence;
using DataCatalog.Persistence.Embedded;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace DataCatalog.Testing;

/// <summary>One private, throwaway PostgreSQL cluster per test process, and fresh databases cloned from a migrated template.</summary>
public static class TestPostgres
{
    private const string TemplateDatabase = "catalog_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgresCluster? _cluster;
    private static bool _templateReady;
    private static int _counter;

    /// <summary>The running cluster, started on first use and stopped when the test process exits.</summary>
    public static async Task<EmbeddedPostgresCluster> ClusterAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_cluster is null)
            {
                var parent = Path.Combine(Path.GetTempPath(), "datacatalog-tests");
                RemoveLeftovers(parent);
                var folder = Path.Combine(parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
                _cluster = await EmbeddedPostgresCluster.StartAsync(new EmbeddedPostgresOptions(folder, Ephemeral: true));
                var cluster = _cluster;
                AppDomain.CurrentDomain.ProcessExit += (_, _) =>
                {
                    cluster.StopAsync().GetAwaiter().GetResult();
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // A leftover is removed by the next test process (RemoveLeftovers).
                    }
                };
            }

            return _cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Deletes clusters of test processes that are gone (a killed test host never ran its exit handler).</summary>
    private static void RemoveLeftovers(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(parent))
        {
            var name = Path.GetFileName(folder);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name.AsSpan(0, dash), out var pid) || IsAlive(pid))
            {
                continue;
            }

            // The test process is gone but its cluster may still run (a test host ended without its exit handler):
            // stop it, or it would outlive every later run.
            if (!StopOrphanedPostmaster(folder))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's; leave it.
            }
        }
    }

    // True when no postmaster runs in the folder any more. Only a postgres process whose command line names this
    // folder is signalled (fast shutdown), so a reused pid is never touched.
    private static bool StopOrphanedPostmaster(string folder)
    {
        var pidFile = Path.Combine(folder, "pgdata", "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return true;
        }

        try
        {
            var first = File.ReadLines(pidFile).FirstOrDefault();
            if (!int.TryParse(first, out var postmaster) || !IsAlive(postmaster))
            {
                return true;
            }

            var commandLine = Path.Combine("/proc", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture), "cmdline");
            if (!File.Exists(commandLine) || !File.ReadAllText(commandLine).Contains(folder, StringComparison.Ordinal))
            {
                return false;
            }

            using (var kill = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("kill", ["-INT", postmaster.ToString(System.Globalization.CultureInfo.InvariantCulture)])))
            {
                kill?.WaitForExit();
            }

            for (var i = 0; i < 100 && IsAlive(postmaster); i++)
            {
                Thread.Sleep(100);
            }

            return !IsAlive(postmaster);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Creates an empty database (no catalog schema) and returns its connection string.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync(string prefix = "db")
    {
        var cluster = await ClusterAsync();
        var name = $"{prefix}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}";
        await cluster.EnsureDatabaseAsync(name);
        return cluster.ConnectionString(name);
    }

    /// <summary>Creates a database with the catalog schema applied by the migrations, and returns its connection string.</summary>
    public static async Task<string> CreateCatalogDatabaseAsync()
    {
        var cluster = await ClusterAsync();
        await Gate.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                await cluster.EnsureDatabaseAsync(TemplateDatabase);
                await using (var context = new CatalogDbContext(PersistenceServiceCollectionExtensions.CreateOptions(cluster.ConnectionString(TemplateDatabase))))
                {
                    await context.Database.MigrateAsync();
                }

                // A template cannot be copied while anyone is connected to it.
                NpgsqlConnection.ClearAllPools();
                _templateReady = true;
            }
        }
        finally
        {
            Gate.Release();
        }

        var name = $"catalog_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(cluster.ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{TemplateDatabase}\"", connection);
        await create.ExecuteNonQueryAsync();
        return cluster.ConnectionString(name);
    }

    /// <summary>A context over <paramref name="connectionString"/>.</summary>
    public static CatalogDbContext Context(string connectionString) =>
        new(PersistenceServiceCollectionExtensions.CreateOptions(connectionString));
}

/// <summary>A fresh catalog database per test class (<c>IClassFixture&lt;CatalogDatabaseFixture&gt;</c>).</summary>
public sealed class CatalogDatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public CatalogDbContext CreateContext() => TestPostgres.Context(ConnectionString);

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateCatalogDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
