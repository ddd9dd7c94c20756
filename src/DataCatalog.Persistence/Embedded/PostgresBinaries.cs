using System.Diagnostics;

namespace DataCatalog.Persistence.Embedded;

/// <summary>Finds the PostgreSQL server binaries (<c>initdb</c>, <c>pg_ctl</c>) installed on this machine.</summary>
public static class PostgresBinaries
{
    /// <summary>What to tell a user whose machine has no PostgreSQL server.</summary>
    public const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with " +
        "'apt-get install postgresql postgresql-contrib' (Debian/Ubuntu), set PG_BIN to the folder that holds them, " +
        "or set ConnectionStrings:Catalog to use an existing server.";

    /// <summary>Returns the folder holding <c>initdb</c> and <c>pg_ctl</c>, or throws with <see cref="InstallHint"/>.</summary>
    public static string Locate()
    {
        foreach (var candidate in Candidates())
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(InstallHint);
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } explicitBin)
        {
            yield return explicitBin;
        }

        // Debian puts the server binaries under lib/postgresql/<major>/bin; the newest major wins.
        foreach (var root in new[] { "/usr/lib/postgresql", "/usr/local/lib/postgresql" })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var dir in Directory.GetDirectories(root)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0))
            {
                yield return Path.Combine(dir, "bin");
            }
        }

        if (PgConfigBinDir() is { } pgConfigBin)
        {
            yield return pgConfigBin;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return dir;
        }
    }

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
