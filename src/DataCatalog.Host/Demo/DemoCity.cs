using System.Security.Cryptography;
using DataCatalog.Persistence.Embedded;
using Npgsql;

namespace DataCatalog.Host.Demo;

/// <summary>The demo city: three department databases with realistic defects, a file drop (CP949 CSV and XLSX)
/// and an open-data portal, all local, declared by the source files under <c>Demo/Sources</c>.</summary>
public static class DemoCity
{
    /// <summary>Departments whose demo database is loaded from <c>Demo/Databases/&lt;code&gt;.sql</c>.</summary>
    public static IReadOnlyList<string> DatabaseDepartments { get; } = ["transport", "welfare", "safety"];

    private const string ReaderRole = "catalog_reader";

    /// <summary>Folder of the demo's source files, as copied beside the executable.</summary>
    public static string SourcesFolder => Path.Combine(AppContext.BaseDirectory, "Demo", "Sources");

    /// <summary>Creates what is missing of the demo (databases, drop folder) and returns the settings its source
    /// files refer to. The reader role's password is made once and kept in <c>reader.secret</c> (mode 600) beside the
    /// cluster's superuser secret, so every process using the cluster (a server, a CLI verb beside it) shares it.</summary>
    public static async Task<Dictionary<string, string?>> PrepareAsync(
        EmbeddedPostgresCluster cluster, string dataFolder, DemoPortal portal, ILogger logger, CancellationToken cancellationToken)
    {
        var password = await ReaderPasswordAsync(cluster, cancellationToken);
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString()))
        {
            await admin.OpenAsync(cancellationToken);
            await ExecuteAsync(admin, $"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ReaderRole}') THEN
                    CREATE ROLE {ReaderRole} LOGIN;
                  END IF;
                END $$;
                ALTER ROLE {ReaderRole} WITH LOGIN PASSWORD '{password}';
                """, cancellationToken);
        }

        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var department in DatabaseDepartments)
        {
            var database = "demo_" + department;
            await EnsureDemoDatabaseAsync(cluster, department, database, logger, cancellationToken);
            settings[$"{DemoKeys.Connections}{department}"] = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(database))
            {
                Username = ReaderRole,
                Password = password,
            }.ConnectionString;
        }

        var drop = Path.Combine(dataFolder, "demo", "drops", "culture");
        if (!Directory.Exists(drop))
        {
            Directory.CreateDirectory(drop);
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Demo", "Files", "culture")))
            {
                if (!file.EndsWith("README.md", StringComparison.Ordinal))
                {
                    File.Copy(file, Path.Combine(drop, Path.GetFileName(file)));
                }
            }

            logger.LogInformation("Demo file drop of the culture department created in {Folder}", drop);
        }

        settings[DemoKeys.CultureFolder] = drop;
        settings[DemoKeys.Portal] = portal.BaseUrl;
        return settings;
    }

    private static async Task<string> ReaderPasswordAsync(EmbeddedPostgresCluster cluster, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetDirectoryName(cluster.DataDirectory)!, "reader.secret");
        if (File.Exists(file) && (await File.ReadAllTextAsync(file, cancellationToken)).Trim() is { Length: > 0 } kept)
        {
            return kept;
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(18));
        // Written beside it with mode 600 from the start and moved in place without overwriting: two processes starting
        // together agree on whichever password landed first.
        var draft = $"{file}.{Environment.ProcessId}";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(draft, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(password);
        }

        try
        {
            File.Move(draft, file, overwrite: false);
            return password;
        }
        catch (IOException)
        {
            File.Delete(draft);
            return (await File.ReadAllTextAsync(file, cancellationToken)).Trim();
        }
    }

    private static async Task EnsureDemoDatabaseAsync(EmbeddedPostgresCluster cluster, string department, string database, ILogger logger, CancellationToken cancellationToken)
    {
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString()))
        {
            await admin.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }

            // Built under a temporary name and renamed when complete, so a crash never leaves half a demo database.
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{database}_loading\"; CREATE DATABASE \"{database}_loading\"", cancellationToken);
        }

        await using (var target = new NpgsqlConnection(cluster.ConnectionString(database + "_loading") + ";Pooling=false"))
        {
            await target.OpenAsync(cancellationToken);
            var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Demo", "Databases", department + ".sql"), cancellationToken);
            await ExecuteAsync(target, script, cancellationToken);
            await ExecuteAsync(target, $"""
                GRANT USAGE ON SCHEMA public TO {ReaderRole};
                GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ReaderRole};
                """, cancellationToken);
        }

        await using (var admin = new NpgsqlConnection(cluster.ConnectionString()))
        {
            await admin.OpenAsync(cancellationToken);
            await ExecuteAsync(admin, $"ALTER DATABASE \"{database}_loading\" RENAME TO \"{database}\"", cancellationToken);
        }

        logger.LogInformation("Demo database {Database} of the {Department} department created", database, department);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The configuration keys the demo sets for its source files, under the default source prefix <c>Sources:</c>.</summary>
public static class DemoKeys
{
    public const string Connections = "Sources:Demo:Connections:";
    public const string CultureFolder = "Sources:Demo:Folders:culture";
    public const string Portal = "Sources:Demo:Portal:ckan";
}
