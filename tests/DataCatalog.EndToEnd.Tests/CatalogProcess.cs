using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DataCatalog.Testing;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>The real catalog executable, started as a child process on a loopback port with its own data folder.</summary>
/// <remarks>Waits end when what they wait for happens (a line in the output, an HTTP answer, the process exiting); the
/// ceilings are generous because a loaded 2-core CI machine may take minutes, and a wait never passes by time alone.</remarks>
public sealed class CatalogProcess : IAsyncDisposable
{
    /// <summary>Ceiling of a start until <c>/readyz</c> answers 200, and of most other waits.</summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    // Pulsed on every output line and on exit, so waits wake up on what they wait for instead of on a clock.
    private TaskCompletionSource _changed = NewSignal();

    private CatalogProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _process.EnableRaisingEvents = true;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Exited += (_, _) => Pulse();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

    private string? _adminToken;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the process printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static CatalogProcess Start(string dataFolder, params string[] extraArgs)
    {
        var port = FreePort();
        // The demo's tests read anonymously (an analyst); a test that needs a role passes --Auth:AllowAnonymous=false
        // and a token (extra arguments come last, so they win).
        var start = HostStartInfo(["--urls", $"http://127.0.0.1:{port}", $"--Catalog:DataFolder={dataFolder}", "--Auth:AllowAnonymous=true", "--Auth:Development:Enabled=true", .. extraArgs]);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the catalog host");
        return new CatalogProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Starts a CLI verb (<c>harvest --all</c>…) on <paramref name="dataFolder"/> without waiting for it.</summary>
    public static CatalogProcess StartCli(string dataFolder, params string[] verbArgs)
    {
        var process = Process.Start(HostStartInfo([.. verbArgs, $"--Catalog:DataFolder={dataFolder}"]))
            ?? throw new InvalidOperationException("could not start the catalog host");
        return new CatalogProcess(process, new Uri("http://127.0.0.1:1/"));
    }

    /// <summary>Waits (within <see cref="Ceiling"/>) for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Ceiling);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not end within {Ceiling.TotalSeconds:0} s; it printed:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Runs a CLI verb of the executable to its end (within <see cref="Ceiling"/>) and returns what it said.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunCliAsync(params string[] args)
    {
        using var process = Process.Start(HostStartInfo(args)) ?? throw new InvalidOperationException("could not start the catalog host");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Ceiling);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not finish within {Ceiling.TotalSeconds:0} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Posts a GraphQL query and returns the <c>data</c> element; fails the test on errors.</summary>
    public Task<JsonElement> QueryAsync(string query) => QueryAsync(query, bearer: null);

    /// <summary>Posts a GraphQL query as an admin (a development token), for what analysts may not read: run errors.</summary>
    public async Task<JsonElement> AdminQueryAsync(string query)
    {
        if (_adminToken is null)
        {
            using var response = await Client.PostAsJsonAsync("auth/token", new { role = "admin", name = "e2e-admin" });
            response.EnsureSuccessStatusCode();
            _adminToken = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        }

        return await QueryAsync(query, _adminToken);
    }

    private async Task<JsonElement> QueryAsync(string query, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "graphql") { Content = JsonContent.Create(new { query }) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("errors", out var errors))
        {
            throw new InvalidOperationException($"GraphQL errors: {errors}");
        }

        return body.GetProperty("data");
    }

    /// <summary>Polls <paramref name="probe"/> until it returns true; fails at once when the process exits, and after
    /// <paramref name="ceiling"/> (default <see cref="Ceiling"/>) only as a last resort.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> probe, string what, TimeSpan? ceiling = null)
    {
        var limit = ceiling ?? Ceiling;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The catalog exited ({_process.ExitCode}) while waiting for {what}:\n{Output}");
            }

            try
            {
                if (await probe())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException or KeyNotFoundException)
            {
                // Not up yet.
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for {what}; the catalog printed:\n{Output}");
            }

            // Wake on the next output line (a harvest logs its end) or after a short poll interval.
            await Task.WhenAny(Changed, Task.Delay(250));
        }
    }

    /// <summary>Waits until the output contains <paramref name="text"/> at least <paramref name="count"/> times.</summary>
    public Task WaitForOutputAsync(string text, int count = 1, TimeSpan? ceiling = null) => WaitUntilAsync(
        () => Task.FromResult(Occurrences(text) >= count), $"{count} × \"{text}\" in the output", ceiling);

    /// <summary>How often <paramref name="text"/> occurs in the output so far.</summary>
    public int Occurrences(string text)
    {
        var output = Output;
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200: the database answers and the scheduler runs.</summary>
    public Task WaitUntilReadyAsync() => WaitUntilAsync(
        async () => (await Client.GetAsync("readyz")).StatusCode == HttpStatusCode.OK, "/readyz");

    /// <summary>Kept for the tests that say "healthy": readiness is what they mean.</summary>
    public Task WaitUntilHealthyAsync() => WaitUntilReadyAsync();

    /// <summary>Stops the process the way a service manager does (SIGTERM), and waits for it to finish.</summary>
    /// <remarks>Not SIGINT: a process started from a non-interactive shell in the background inherits SIGINT ignored
    /// (the test host may be one), and .NET keeps it ignored, so Ctrl+C's signal would never arrive.</remarks>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal(_process.Id, "TERM");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL: the process ends without any of its shutdown code.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Sends <paramref name="signal"/> (TERM, KILL…) to <paramref name="pid"/>.</summary>
    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        Client.Dispose();
        _process.Dispose();
    }

    private Task Changed => Volatile.Read(ref _changed).Task;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Pulse() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        Pulse();
    }

    private static ProcessStartInfo HostStartInfo(IEnumerable<string> args)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var host = RepositoryPaths.Combine("src", "DataCatalog.Host", "bin", configuration, "net10.0", "DataCatalog.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(host)!,
        };
        start.ArgumentList.Add(host);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
