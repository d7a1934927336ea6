using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AwsPatch.Tests.Unit.Session;

/// <summary>
/// A loopback HTTP server that captures request headers and answers every request with one fixed
/// response, so a test can see what an SDK client really sends (signature, user agent) without AWS.
/// </summary>
internal sealed class OneShotHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _response;
    private readonly List<string> _requests = [];
    private readonly Task _loop;

    public OneShotHttpServer(int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetByteCount(body);
        _response = $"HTTP/1.1 {status} Status\r\nContent-Type: {contentType}\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n{body}";
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>The header blocks received so far.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests) return _requests.ToArray();
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var received = new StringBuilder();
                var buffer = new byte[8192];
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0) break;
                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var text = received.ToString();
                var headers = text.Split("\r\n\r\n", 2)[0];
                var length = headers.Split("\r\n")
                    .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                    .FirstOrDefault();
                var bodySoFar = Encoding.ASCII.GetByteCount(text) - Encoding.ASCII.GetByteCount(headers) - 4;
                while (bodySoFar < length)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0) break;
                    bodySoFar += read;
                }

                lock (_requests) _requests.Add(headers);
                var reply = Encoding.UTF8.GetBytes(_response);
                await stream.WriteAsync(reply, _stop.Token);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
