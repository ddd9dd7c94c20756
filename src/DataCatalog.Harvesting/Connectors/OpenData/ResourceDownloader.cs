using System.Net;
using System.Net.Sockets;

namespace DataCatalog.Harvesting.Connectors.OpenData;

/// <summary>Downloads portal resources only from hosts the source trusts and never from internal addresses.</summary>
/// <remarks>
/// <para>A resource URL names whatever the portal's publishers typed; fetching it blindly would let a dataset entry
/// point the harvester at the city's internal services or a cloud metadata endpoint. So a URL must be http(s) on the
/// portal's own host or on a host listed in the source's <c>allowedHosts</c> option, at every redirect hop (redirects
/// are followed here, at most <see cref="MaxRedirects"/>, not by the handler), and the address actually connected to,
/// after DNS resolution, must not be loopback, link-local, private, shared (CGNAT), unspecified, multicast or
/// reserved (IPv4 or IPv6, IPv4-mapped included) unless the source sets <c>allowPrivateAddresses</c>. Checking at
/// connect time, on the resolved address, also defeats a name that resolves differently on the second lookup.</para>
/// <para>No proxy is used for resources: through a proxy the address checked would be the proxy's, not the file's.</para>
/// </remarks>
internal sealed class ResourceDownloader : IDisposable
{
    public const int MaxRedirects = 5;

    private readonly Uri _portal;
    private readonly IReadOnlyList<string> _allowedHosts;
    private readonly bool _allowPrivate;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _client;

    public ResourceDownloader(Uri portal, IReadOnlyList<string> allowedHosts, bool allowPrivate, TimeSpan timeout)
    {
        _portal = portal;
        _allowedHosts = allowedHosts;
        _allowPrivate = allowPrivate;
        _timeout = timeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public TimeSpan Timeout => _timeout;

    /// <summary>GETs <paramref name="url"/> following redirects; the caller owns and disposes the response.</summary>
    /// <exception cref="ResourceRefusedException">A hop's scheme, host or address is not allowed.</exception>
    public async Task<HttpResponseMessage> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_timeout);
        var current = url;
        for (var hop = 0; ; hop++)
        {
            CheckHost(current, hop);
            HttpResponseMessage response;
            try
            {
                response = await _client.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            }
            catch (HttpRequestException ex) when (ex.InnerException is ResourceRefusedException refused)
            {
                throw refused;
            }

            var code = (int)response.StatusCode;
            if (code is < 300 or > 399 || response.Headers.Location is null)
            {
                return response;
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (hop == MaxRedirects)
            {
                throw new ResourceRefusedException($"more than {MaxRedirects} redirects", "check the resource URL in the portal; it should lead to the file directly.");
            }

            current = location.IsAbsoluteUri ? location : new Uri(current, location);
        }
    }

    public void Dispose() => _client.Dispose();

    private void CheckHost(Uri url, int hop)
    {
        var where = hop == 0 ? "" : $" (redirect {hop})";
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ResourceRefusedException($"the URL{where} is {url.Scheme}:, not http(s)", "publish the file over http(s).");
        }

        if (string.Equals(url.IdnHost, _portal.IdnHost, StringComparison.OrdinalIgnoreCase) || _allowedHosts.Any(h => HostMatches(url.IdnHost, h)))
        {
            return;
        }

        throw new ResourceRefusedException(
            $"host '{url.Host}'{where} is neither the portal's host '{_portal.Host}' nor listed in option 'allowedHosts'",
            $"if the portal keeps its files there, add it to the source's options: \"allowedHosts\": \"{url.Host}\".");
    }

    // "files.example.go.kr" matches itself; "*.example.go.kr" matches any subdomain of example.go.kr.
    private static bool HostMatches(string host, string allowed) =>
        allowed.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase);

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = _allowPrivate ? addresses : addresses.Where(a => !NetworkAddresses.IsInternal(a)).ToArray();
        if (usable.Length == 0)
        {
            var shown = string.Join(", ", addresses.Select(a => a.ToString()));
            throw new ResourceRefusedException(
                $"host '{context.DnsEndPoint.Host}' resolves to {(shown.Length == 0 ? "no address" : shown)}: loopback, link-local or private, where portal resources are not fetched from",
                "set the source option \"allowPrivateAddresses\": \"true\" only for a portal inside the city's own network.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A resource URL, a redirect or a resolved address that the source's options do not allow.</summary>
internal sealed class ResourceRefusedException(string reason, string fix) : Exception(reason)
{
    public string Fix { get; } = fix;
}

/// <summary>Tells loopback, link-local, private and reserved addresses (IPv4 and IPv6) from public ones.</summary>
public static class NetworkAddresses
{
    /// <summary>True for an address a portal resource must not be fetched from without <c>allowPrivateAddresses</c>.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 or 10 or 127 => true,                              // "this network", private, loopback
                100 => b[1] >= 64 && b[1] <= 127,                   // shared address space (CGNAT)
                169 => b[1] == 254,                                  // link-local, cloud metadata endpoints
                172 => b[1] >= 16 && b[1] <= 31,                     // private
                192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0),   // private, IETF protocol assignments
                198 => b[1] is 18 or 19,                             // benchmarking
                >= 224 => true,                                      // multicast, reserved, broadcast
                _ => false,
            };
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6UniqueLocal || address.IsIPv6Multicast)
        {
            return true;
        }

        // NAT64 (64:ff9b::/96) carries an IPv4 address in its last four bytes.
        var bytes = address.GetAddressBytes();
        return bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes[4..12].All(x => x == 0)
            && IsInternal(new IPAddress(bytes[12..]));
    }
}
