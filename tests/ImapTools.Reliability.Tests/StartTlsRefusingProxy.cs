using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ImapTools.Reliability.Tests;

/// <summary>What <see cref="StartTlsRefusingProxy"/> does to the STARTTLS negotiation.</summary>
public enum StartTlsProxyMode
{
    /// <summary>Forwards everything; only records what the client sends (raw, so a LOGIN in clear would show).</summary>
    Observe,
    /// <summary>Answers the client's <c>tag STARTTLS</c> itself with <c>tag NO STARTTLS unavailable</c>, never forwarding it.</summary>
    RefuseNo,
    /// <summary>Answers <c>tag STARTTLS</c> with <c>tag BAD STARTTLS unavailable</c>.</summary>
    RefuseBad,
    /// <summary>POP3: answers <c>STLS</c> with <c>-ERR STLS unavailable</c>.</summary>
    RefusePop3,
    /// <summary>Removes STARTTLS from the server's capability lines: a server that does not offer it.</summary>
    Hide,
}

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a plain (STARTTLS-capable) port of the test bed that can refuse or hide
/// STARTTLS, and records every byte the client sent (Latin-1) so a test can check that no password went in clear.
/// Before STARTTLS succeeds all client and server transmissions end in CRLF, so it works line by line; after the
/// server's OK to a forwarded STARTTLS it copies raw bytes (the TLS records).
/// </summary>
public sealed partial class StartTlsRefusingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly StartTlsProxyMode _mode;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly StringBuilder _clientText = new();
    private readonly List<TcpClient> _open = [];

    /// <summary>Starts a proxy to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public StartTlsRefusingProxy(int targetPort, StartTlsProxyMode mode)
    {
        _targetPort = targetPort;
        _mode = mode;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port to connect to instead of the target's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Everything the clients sent, over all connections, as Latin-1 text (TLS records included as noise).</summary>
    public string ClientText
    {
        get { lock (_clientText) return _clientText.ToString(); }
    }

    /// <summary>How many connections clients opened.</summary>
    public int Connections => _connections;

    private int _connections;

    /// <summary>How many STARTTLS/STLS commands the proxy answered itself.</summary>
    public int Refused { get; private set; }

    /// <summary>True when a client sent LOGIN, AUTHENTICATE, AUTH, USER or PASS in clear.</summary>
    public bool SawCredentialsInClear => CredentialCommand().IsMatch(ClientText);

    [GeneratedRegex(@"(^|\n)(\S+ (LOGIN|AUTHENTICATE) |(USER|PASS|AUTH|APOP) )", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialCommand();

    [GeneratedRegex(@"^(\S+) STARTTLS\r?\n$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ImapStartTls();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var server = new TcpClient();
        lock (_open) { _open.Add(client); _open.Add(server); }
        Interlocked.Increment(ref _connections);
        lock (_clientText) _clientText.Append('\n');   // each connection starts a new line
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
            var toClient = client.GetStream();
            var toServer = server.GetStream();
            var writeLock = new SemaphoreSlim(1, 1);
            var tls = new TaskCompletionSource();   // set once the server said OK to a forwarded STARTTLS
            string? pendingTag = null;              // tag of a forwarded STARTTLS
            var up = ClientToServerAsync(toClient, toServer, writeLock, tag => pendingTag = tag, tls.Task);
            var down = ServerToClientAsync(toServer, toClient, writeLock, () => pendingTag, tls);
            await Task.WhenAny(up, down).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A connection dropped by either side ends the session.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task ClientToServerAsync(NetworkStream from, NetworkStream to, SemaphoreSlim writeLock, Action<string> forwardedStartTls, Task tls)
    {
        var buffer = new byte[65536];
        var line = new List<byte>();
        while (true)
        {
            int n = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (n == 0) return;
            lock (_clientText) _clientText.Append(Encoding.Latin1.GetString(buffer, 0, n));
            if (tls.IsCompleted)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token).ConfigureAwait(false);
                continue;
            }
            for (int i = 0; i < n; i++)
            {
                line.Add(buffer[i]);
                if (buffer[i] != '\n') continue;
                string text = Encoding.Latin1.GetString([.. line]);
                line.Clear();
                string? reply = Answer(text, forwardedStartTls);
                if (reply is null)
                {
                    await to.WriteAsync(Encoding.Latin1.GetBytes(text), _stop.Token).ConfigureAwait(false);
                    continue;
                }
                Refused++;
                await writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
                try { await from.WriteAsync(Encoding.ASCII.GetBytes(reply), _stop.Token).ConfigureAwait(false); }
                finally { writeLock.Release(); }
            }
            if (line.Count > 0 && tls.IsCompleted)
            {
                await to.WriteAsync(line.ToArray(), _stop.Token).ConfigureAwait(false);
                line.Clear();
            }
        }
    }

    /// <summary>The proxy's own answer to a client line, or null to forward it.</summary>
    private string? Answer(string line, Action<string> forwardedStartTls)
    {
        var m = ImapStartTls().Match(line);
        if (_mode == StartTlsProxyMode.RefusePop3 && line.TrimEnd().Equals("STLS", StringComparison.OrdinalIgnoreCase))
            return "-ERR STLS unavailable\r\n";
        if (!m.Success) return null;
        string tag = m.Groups[1].Value;
        if (_mode == StartTlsProxyMode.RefuseNo) return $"{tag} NO STARTTLS unavailable\r\n";
        if (_mode == StartTlsProxyMode.RefuseBad) return $"{tag} BAD STARTTLS unavailable\r\n";
        forwardedStartTls(tag);
        return null;
    }

    private async Task ServerToClientAsync(NetworkStream from, NetworkStream to, SemaphoreSlim writeLock, Func<string?> startTlsTag, TaskCompletionSource tls)
    {
        var buffer = new byte[65536];
        var line = new List<byte>();
        while (true)
        {
            int n = await from.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (n == 0) return;
            if (tls.Task.IsCompleted)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token).ConfigureAwait(false);
                continue;
            }
            for (int i = 0; i < n; i++)
            {
                line.Add(buffer[i]);
                if (buffer[i] != '\n') continue;
                string text = Encoding.Latin1.GetString([.. line]);
                line.Clear();
                if (_mode == StartTlsProxyMode.Hide && text.Contains("CAPABILITY", StringComparison.OrdinalIgnoreCase))
                    text = text.Replace(" STARTTLS", "", StringComparison.OrdinalIgnoreCase);
                // Raw copying starts before the client sees the OK, so its TLS hello is never held back.
                bool startsTls = startTlsTag() is string tag && text.StartsWith(tag + " OK", StringComparison.OrdinalIgnoreCase);
                if (startsTls) tls.TrySetResult();
                await writeLock.WaitAsync(_stop.Token).ConfigureAwait(false);
                try { await to.WriteAsync(Encoding.Latin1.GetBytes(text), _stop.Token).ConfigureAwait(false); }
                finally { writeLock.Release(); }
                if (startsTls)
                {
                    if (i + 1 < n) await to.WriteAsync(buffer.AsMemory(i + 1, n - i - 1), _stop.Token).ConfigureAwait(false);
                    break;
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        lock (_open) foreach (var c in _open) c.Dispose();
        try { await _accepting.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
