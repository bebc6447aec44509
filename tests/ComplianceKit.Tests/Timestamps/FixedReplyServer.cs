using System.Net;
using System.Net.Sockets;

namespace ComplianceKit.Tests.Timestamps;

/// <summary>An HTTP endpoint on 127.0.0.1 that answers every POST with the same bytes: a replaying or broken TSA.</summary>
internal sealed class FixedReplyServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FixedReplyServer(byte[] reply, TimeSpan delay = default)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    await Task.Delay(delay);
                    context.Response.ContentType = "application/timestamp-reply";
                    await context.Response.OutputStream.WriteAsync(reply);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
    }

    public Uri Url { get; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(10));
    }
}
