using System.Net;
using System.Text;

namespace DataCatalog.EndToEnd.Tests;

/// <summary>A CKAN portal on loopback whose answers wait until the test opens the gate, so a harvest of it is reliably
/// in flight when the test wants it to be.</summary>
internal sealed class HangingPortal : IAsyncDisposable
{
    private const string PackageSearch = """
        {"success": true, "result": {"count": 1, "results": [{"name": "slow-data", "title": "느린 자료", "notes": "게이트 뒤의 자료"}]}}
        """;

    private readonly HttpListener _listener;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serving;

    public HangingPortal()
    {
        for (var attempt = 0; ; attempt++)
        {
            // A failed Start disposes the listener, so every attempt gets a new one on a port that was just free.
            using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                BaseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
            }

            _listener = new HttpListener();
            _listener.Prefixes.Add(BaseUrl);
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                // Taken meanwhile; another one.
            }
        }

        _serving = ServeAsync();
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Completes when the first request arrives (and waits at the gate).</summary>
    public Task FirstRequest => _firstRequest.Task;

    /// <summary>Lets every waiting and later request through.</summary>
    public void Open() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Open();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped.
        }

        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            var context = await _listener.GetContextAsync();
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            _firstRequest.TrySetResult();
            await _gate.Task;
            var body = Encoding.UTF8.GetBytes(PackageSearch);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client (a killed node) went away.
        }
    }
}
