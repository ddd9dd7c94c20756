using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace DataCatalog.Persistence.Embedded;

/// <summary>A private PostgreSQL cluster under a folder the catalog owns, started from the local binaries.</summary>
/// <remarks>
/// Layout of <see cref="EmbeddedPostgresOptions.Folder"/>: <c>pgdata/</c> (the cluster), <c>postgres.log</c>,
/// <c>superuser.secret</c> (mode 600; the password never reaches a log or the catalog), <c>owner</c> (pid, role and port
/// of the process that stops it; changed under <c>owner.lock</c>). A cluster left running by a killed process is found
/// through <c>postmaster.pid</c> and taken over rather than started twice; a server takes over a cluster a live CLI
/// verb started, and a process that no longer owns the cluster leaves it running.
/// As root the server runs as the <c>postgres</c> user, because <c>initdb</c> refuses to run as root.
/// </remarks>
public sealed class EmbeddedPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "catalog";
    private readonly EmbeddedPostgresOptions _options;
    private readonly ILogger _logger;
    private readonly string _binDir;
    private readonly string _password;
    private bool _stopped;

    private EmbeddedPostgresCluster(EmbeddedPostgresOptions options, ILogger logger, string binDir, string password, int port, bool tookOver, bool owned)
    {
        _options = options;
        _logger = logger;
        _binDir = binDir;
        _password = password;
        Port = port;
        TookOver = tookOver;
        Owned = owned;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>True when a server left running by an earlier process was adopted instead of started.</summary>
    public bool TookOver { get; }

    /// <summary>False when another live process (a running catalog, beside which a CLI verb runs) owns the server:
    /// then this one uses it and leaves it running on exit.</summary>
    public bool Owned { get; }

    public string DataDirectory => Path.Combine(_options.Folder, "pgdata");

    /// <summary>A connection string for <paramref name="database"/> as the cluster's superuser.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = Superuser,
        Password = _password,
        Pooling = true,
        MaxPoolSize = 30,
    }.ConnectionString;

    /// <summary>Starts (initialising on first use) or adopts the cluster under <paramref name="options"/>' folder.</summary>
    public static async Task<EmbeddedPostgresCluster> StartAsync(EmbeddedPostgresOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var binDir = PostgresBinaries.Locate();
        var folder = Path.GetFullPath(options.Folder);
        options = options with { Folder = folder };
        Directory.CreateDirectory(folder);
        var dataDir = Path.Combine(folder, "pgdata");
        var secretFile = Path.Combine(folder, "superuser.secret");

        if (Environment.IsPrivilegedProcess)
        {
            await EnsureReachableByPostgresUserAsync(folder, cancellationToken);
        }

        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            await InitialiseAsync(binDir, folder, dataDir, secretFile, logger, cancellationToken);
        }

        var password = (await File.ReadAllTextAsync(secretFile, cancellationToken)).Trim();

        // Who owns the running server decides who may stop it; ownership changes only under the owner lock.
        await using var ownership = await OwnershipLock.AcquireAsync(folder, cancellationToken);
        var owner = await ClusterOwner.ReadAsync(folder, cancellationToken);
        if (await RunningPortAsync(binDir, dataDir, cancellationToken) is { } runningPort)
        {
            var liveOwner = owner is not null && owner.ProcessId != Environment.ProcessId && owner.IsAlive() ? owner : null;
            // A server takes a CLI-started cluster over (the CLI then leaves it running); anything else beside a live
            // owner only uses it.
            var takeOver = liveOwner is null || (options.Role == ClusterRole.Server && liveOwner.Role == ClusterRole.Cli);
            if (!takeOver)
            {
                logger.LogInformation("Using the embedded PostgreSQL of running {Role} process {Owner} on port {Port}; it stays running when this one ends",
                    liveOwner!.Role.ToString().ToLowerInvariant(), liveOwner.ProcessId, runningPort);
            }
            else if (liveOwner is not null)
            {
                logger.LogInformation("Taking over the embedded PostgreSQL on port {Port} from CLI process {Owner}, which leaves it running", runningPort, liveOwner.ProcessId);
            }
            else
            {
                logger.LogInformation("Taking over the embedded PostgreSQL left running on port {Port} in {Folder}", runningPort, folder);
            }

            if (takeOver)
            {
                await new ClusterOwner(Environment.ProcessId, options.Role, runningPort).WriteAsync(folder, cancellationToken);
            }

            var adopted = new EmbeddedPostgresCluster(options, logger, binDir, password, runningPort, tookOver: takeOver, owned: takeOver);
            await adopted.WaitUntilAcceptingAsync(cancellationToken);
            return adopted;
        }

        // The last port again when it is free, so a restarted cluster keeps the address other processes know.
        var port = options.Port ?? (owner is { Port: > 0 } last && IsFreeLoopbackPort(last.Port) ? last.Port : FreeLoopbackPort());
        var cluster = new EmbeddedPostgresCluster(options, logger, binDir, password, port, tookOver: false, owned: true);
        await cluster.StartServerAsync(cancellationToken);
        logger.LogInformation("Started embedded PostgreSQL on 127.0.0.1:{Port} with data in {Folder}", port, folder);
        await new ClusterOwner(Environment.ProcessId, options.Role, port).WriteAsync(folder, cancellationToken);
        await cluster.WaitUntilAcceptingAsync(cancellationToken);
        return cluster;
    }

    /// <summary>True when the postmaster named in <c>postmaster.pid</c> is alive.</summary>
    public bool IsServerAlive()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        try
        {
            var first = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ClusterOwner.IsProcessAlive(pid);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Starts the server again after it died (as <c>pg_ctl</c> would after a crash: crash recovery replays the
    /// WAL), on the same port. Only the owner restarts it; retried while the dead server's backends still hold its
    /// shared memory.</summary>
    public async Task RestartAfterCrashAsync(CancellationToken cancellationToken)
    {
        if (!Owned || _stopped)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartServerAsync(cancellationToken);
                break;
            }
            catch (InvalidOperationException ex) when (attempt < 40)
            {
                _logger.LogInformation("Embedded PostgreSQL did not start yet (attempt {Attempt}): {Reason}", attempt, ex.Message);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }

        await WaitUntilAcceptingAsync(cancellationToken);
    }

    private Task StartServerAsync(CancellationToken cancellationToken)
    {
        var serverOptions = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='{DataDirectory}'";
        if (_options.Ephemeral)
        {
            // Throwaway clusters trade durability for speed, and host many databases at once (a test process's), each
            // with its own connection pools (catalog pools, Quartz, sources), so they take more connections.
            serverOptions += " -c max_connections=500 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }
        else
        {
            serverOptions += " -c max_connections=200";
        }

        return RunAsync(_binDir, "pg_ctl", ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(_options.Folder, "postgres.log"), "-o", serverOptions], cancellationToken);
    }

    /// <summary>Creates <paramref name="database"/> if it does not exist.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database)}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are rolled back) if this process still owns it; a server
    /// process that took it over meanwhile keeps it running.</summary>
    public async Task StopAsync()
    {
        if (_stopped || !Owned)
        {
            return;
        }

        _stopped = true;
        NpgsqlConnection.ClearAllPools();
        await using var ownership = await OwnershipLock.AcquireAsync(_options.Folder, CancellationToken.None);
        if (await ClusterOwner.ReadAsync(_options.Folder, CancellationToken.None) is { } owner && owner.ProcessId != Environment.ProcessId && owner.IsAlive())
        {
            _logger.LogInformation("Leaving the embedded PostgreSQL running for {Role} process {Owner}, which took it over",
                owner.Role.ToString().ToLowerInvariant(), owner.ProcessId);
            return;
        }

        try
        {
            await RunAsync(_binDir, "pg_ctl", ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60"], CancellationToken.None);
            _logger.LogInformation("Stopped embedded PostgreSQL in {Folder}", _options.Folder);
        }
        catch (InvalidOperationException ex)
        {
            _logger.LogWarning(ex, "Embedded PostgreSQL in {Folder} did not stop cleanly", _options.Folder);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    internal static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task WaitUntilAcceptingAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static async Task InitialiseAsync(string binDir, string folder, string dataDir, string secretFile, ILogger logger, CancellationToken cancellationToken)
    {
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(secretFile, password, cancellationToken);
        RestrictToOwner(secretFile);

        // initdb reads the password from a file so it never shows in a process list.
        var pwFile = Path.Combine(folder, ".initdb-pw");
        await File.WriteAllTextAsync(pwFile, password, cancellationToken);
        RestrictToOwner(pwFile);
        if (Environment.IsPrivilegedProcess)
        {
            await ChownToPostgresAsync(folder, cancellationToken);
            RestrictToOwner(secretFile);
        }

        try
        {
            logger.LogInformation("Initialising embedded PostgreSQL cluster in {Folder}", folder);
            await RunAsync(binDir, "initdb",
                ["-D", dataDir, "-U", Superuser, "--pwfile", pwFile, "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], cancellationToken);
        }
        finally
        {
            File.Delete(pwFile);
        }
    }

    private static async Task<int?> RunningPortAsync(string binDir, string dataDir, CancellationToken cancellationToken)
    {
        var pidFile = Path.Combine(dataDir, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var (status, _) = await TryRunAsync(binDir, "pg_ctl", ["status", "-D", dataDir], cancellationToken);
        if (status != 0)
        {
            return null;
        }

        // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, shmem key, status.
        var lines = await File.ReadAllLinesAsync(pidFile, cancellationToken);
        return lines.Length > 3 && int.TryParse(lines[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
    }

    /// <summary>False when this process runs as root and the <c>postgres</c> user cannot reach <paramref name="folder"/>
    /// (a parent without the execute bit for others, such as root's home).</summary>
    public static async Task<bool> IsReachableByServerAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return true;
        }

        // The folder may not exist yet; its nearest existing ancestor decides.
        var probe = Path.GetFullPath(folder);
        while (!Directory.Exists(probe) && Path.GetDirectoryName(probe) is { } parent)
        {
            probe = parent;
        }

        var (status, _) = await TryRunProcessAsync("runuser", ["-u", "postgres", "--", "test", "-x", probe], cancellationToken);
        return status == 0;
    }

    private static async Task EnsureReachableByPostgresUserAsync(string folder, CancellationToken cancellationToken)
    {
        if (!await IsReachableByServerAsync(folder, cancellationToken))
        {
            throw new InvalidOperationException(
                $"The embedded PostgreSQL runs as the 'postgres' user (initdb refuses root), and that user cannot reach '{folder}': " +
                "a parent folder lacks the execute bit for others (root's home is drwx------). " +
                "Set Catalog:DataFolder to a folder it can reach (for example /var/lib/datacatalog), or run 'chmod o+x' on the parents.");
        }

        await ChownToPostgresAsync(folder, cancellationToken);
    }

    private static Task ChownToPostgresAsync(string folder, CancellationToken cancellationToken) =>
        RunProcessAsync("chown", ["-R", "postgres:postgres", folder], cancellationToken);

    private static async Task RunAsync(string binDir, string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (status, output) = await TryRunAsync(binDir, tool, args, cancellationToken);
        if (status != 0)
        {
            throw new InvalidOperationException($"{tool} failed with exit code {status}: {output.Trim()}");
        }
    }

    private static Task<(int Status, string Output)> TryRunAsync(string binDir, string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(binDir, tool);
        return Environment.IsPrivilegedProcess
            ? TryRunProcessAsync("runuser", ["-u", "postgres", "--", executable, .. args], cancellationToken)
            : TryRunProcessAsync(executable, args, cancellationToken);
    }

    private static async Task RunProcessAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (status, output) = await TryRunProcessAsync(file, args, cancellationToken);
        if (status != 0)
        {
            throw new InvalidOperationException($"{file} failed with exit code {status}: {output.Trim()}");
        }
    }

    private static async Task<(int Status, string Output)> TryRunProcessAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server inherits nothing from this process's working folder, which postgres may not be able to read.
            WorkingDirectory = "/",
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}");
        // pg_ctl start leaves the server holding our pipes; read to the end only what the tool itself wrote before exiting.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(2000, cancellationToken)) is Task<string[]> done
            ? string.Join('\n', done.Result)
            : "";
        return (process.ExitCode, output);
    }

    private static void RestrictToOwner(string file)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static bool IsFreeLoopbackPort(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Where and how to run the embedded cluster.</summary>
/// <param name="Folder">The folder the catalog owns (default <c>./.catalog</c>).</param>
/// <param name="Ephemeral">Turn durability off (tests): fsync, synchronous commit and full-page writes.</param>
/// <param name="Port">A fixed port; the last one (if free) or a free loopback port when null.</param>
/// <param name="Role">What kind of process runs it: a server takes over a cluster a CLI verb started.</param>
public sealed record EmbeddedPostgresOptions(string Folder, bool Ephemeral = false, int? Port = null, ClusterRole Role = ClusterRole.Server);

/// <summary>The kind of process that owns (or uses) the embedded cluster.</summary>
public enum ClusterRole
{
    /// <summary>The serving catalog: owns the cluster, supervises it and stops it when it ends.</summary>
    Server,

    /// <summary>A CLI verb: stops the cluster at its end only if it started it and no server took it over.</summary>
    Cli,
}
