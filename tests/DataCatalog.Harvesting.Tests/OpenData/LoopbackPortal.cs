using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataCatalog.Harvesting.Tests.OpenData;

/// <summary>A real HTTP server on 127.0.0.1 that answers with recorded portal responses.</summary>
/// <remarks>Fixture files hold <c>{{base}}</c> where the portal would write its own address; it is replaced by this server's.</remarks>
public sealed class LoopbackPortal : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<LoopbackPortal, HttpListenerRequest, Reply> _handler;
    private readonly Task _loop;

    public LoopbackPortal(Func<LoopbackPortal, HttpListenerRequest, Reply> handler)
    {
        _handler = handler;
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        // The same server under a second host name, for tests of which hosts a harvester may fetch from.
        _listener.Prefixes.Add($"http://localhost:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Path and query of every request, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "OpenData", "Fixtures", name)).Replace("{{base}}", BaseUrl, StringComparison.Ordinal);

    public Reply Json(string fixture) => new(200, Fixture(fixture), "application/json; charset=utf-8");

    /// <summary>How many requests asked for a path and query containing <paramref name="fragment"/>.</summary>
    public int CountRequests(string fragment) => Requests.Count(r => r.Contains(fragment, StringComparison.Ordinal));

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with an exception when the listener closes under it.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Requests.Enqueue(context.Request.Url!.PathAndQuery);
            var reply = _handler(this, context.Request);
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay);
            }

            var body = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = reply.ContentType;
            context.Response.ContentLength64 = body.Length;
            if (reply.Location is not null)
            {
                context.Response.RedirectLocation = reply.Location;
            }

            try
            {
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client gave up (a timeout test): nothing to answer.
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

public sealed record Reply(int Status, string Body, string ContentType = "application/json; charset=utf-8")
{
    public TimeSpan Delay { get; init; }

    /// <summary>The <c>Location</c> header of a redirect.</summary>
    public string? Location { get; init; }

    public static Reply Error(int status) => new(status, "<html><body><h1>Service Unavailable</h1></body></html>", "text/html");
}
