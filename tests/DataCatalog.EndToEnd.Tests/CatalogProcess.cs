using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DataCatalog.Testing;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>The real catalog executable, started as a child process on a loopback port with its own data folder.</summary>
public sealed class CatalogProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CatalogProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Client { get; }

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
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var host = RepositoryPaths.Combine("src", "DataCatalog.Host", "bin", configuration, "net10.0", "DataCatalog.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(host)!,
        };
        foreach (var arg in new[] { host, "--urls", $"http://127.0.0.1:{port}", $"--Catalog:DataFolder={dataFolder}" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + host);
        return new CatalogProcess(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Posts a GraphQL query and returns the <c>data</c> element; fails the test on errors.</summary>
    public async Task<JsonElement> QueryAsync(string query)
    {
        using var response = await Client.PostAsJsonAsync("graphql", new { query });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.TryGetProperty("errors", out var errors))
        {
            throw new InvalidOperationException($"GraphQL errors: {errors}");
        }

        return body.GetProperty("data");
    }

    /// <summary>Polls <paramref name="probe"/> until it returns true or <paramref name="timeout"/> passes.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
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
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException)
            {
                // Not up yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; the catalog printed:\n{Output}");
            }

            await Task.Delay(500);
        }
    }

    public Task WaitUntilHealthyAsync() => WaitUntilAsync(
        async () => (await Client.GetAsync("healthz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "/healthz");

    /// <summary>Stops the process the way Ctrl+C does, and waits for it to finish.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
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
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
