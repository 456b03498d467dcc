using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ImapTools.TestBed;

/// <summary>What a <see cref="Fault"/> does when it fires.</summary>
public enum FaultAction
{
    /// <summary>Closes both sides of the connection (FIN), as a dropped NAT entry or a restarted proxy would.</summary>
    Cut,
    /// <summary>Resets the client side (RST) and closes the server side.</summary>
    Reset,
    /// <summary>Stops forwarding for <see cref="Fault.StallFor"/>, then goes on.</summary>
    Stall,
    /// <summary>Sends <c>* BYE</c> to the client and closes the connection, as a server shutting down does.</summary>
    Bye,
    /// <summary>Answers one client command matching <see cref="Fault.Command"/> itself with <see cref="Fault.Reply"/>; the server never sees it.</summary>
    Answer,
    /// <summary>Lets one command matching <see cref="Fault.Command"/> run, then cuts the connection just before its tagged reply.</summary>
    LoseReply,
}

/// <summary>Which way the bytes counted by <see cref="Fault.AfterBytes"/> flow.</summary>
public enum FaultDirection
{
    /// <summary>Server to client (responses, FETCH data).</summary>
    ServerToClient,
    /// <summary>Client to server (commands, APPEND data).</summary>
    ClientToServer,
}

/// <summary>One fault for <see cref="FaultProxy"/>; it fires once.</summary>
/// <param name="Action">What happens.</param>
/// <param name="Direction">Which bytes are counted.</param>
/// <param name="AfterBytes">Fires once this many bytes flowed in <paramref name="Direction"/> after the fault became active.</param>
/// <param name="StallFor">How long <see cref="FaultAction.Stall"/> holds the data.</param>
/// <param name="Command">For <see cref="FaultAction.Answer"/>: a regex matched against a client command line without its tag.</param>
/// <param name="Reply">For <see cref="FaultAction.Answer"/>: the tagged reply after the tag, e.g. <c>NO [THROTTLED] slow down</c>.</param>
public sealed record Fault(FaultAction Action, FaultDirection Direction = FaultDirection.ServerToClient, long AfterBytes = 0,
    TimeSpan StallFor = default, string? Command = null, string? Reply = null)
{
    /// <summary>Closes the connection after <paramref name="bytes"/> bytes.</summary>
    public static Fault CutAfter(long bytes, FaultDirection direction = FaultDirection.ServerToClient) => new(FaultAction.Cut, direction, bytes);

    /// <summary>Resets the connection after <paramref name="bytes"/> bytes.</summary>
    public static Fault ResetAfter(long bytes, FaultDirection direction = FaultDirection.ServerToClient) => new(FaultAction.Reset, direction, bytes);

    /// <summary>Holds the data for <paramref name="duration"/> after <paramref name="bytes"/> bytes.</summary>
    public static Fault StallAfter(long bytes, TimeSpan duration, FaultDirection direction = FaultDirection.ServerToClient) => new(FaultAction.Stall, direction, bytes, duration);

    /// <summary>Sends an untagged BYE and closes after <paramref name="bytes"/> server bytes (at the next line end).</summary>
    public static Fault ByeAfter(long bytes) => new(FaultAction.Bye, FaultDirection.ServerToClient, bytes);

    /// <summary>Lets the next command matching <paramref name="commandRegex"/> run on the server and cuts the connection before its reply.</summary>
    public static Fault LoseReply(string commandRegex) => new(FaultAction.LoseReply, FaultDirection.ClientToServer, 0, default, commandRegex);

    /// <summary>Answers the next client command matching <paramref name="commandRegex"/> with <paramref name="reply"/>.</summary>
    public static Fault Answer(string commandRegex, string reply) => new(FaultAction.Answer, FaultDirection.ClientToServer, 0, default, commandRegex, reply);
}

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of one server port that injects faults on demand: cut or reset a connection
/// after N bytes, stall it, inject a <c>* BYE</c>, or answer a command itself (e.g. <c>NO [THROTTLED]</c>). Faults are
/// queued and fire one after the other, each counting bytes from the moment it becomes the active one, across all
/// connections. Client command lines are parsed (literals skipped), so <see cref="FaultAction.Answer"/> and
/// <see cref="ClientCommands"/> see whole commands. The server's STARTTLS capability is hidden so that the
/// conversation stays readable.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly object _gate = new();
    private readonly Queue<Fault> _faults = new();
    private readonly List<string> _commands = [];
    private readonly long[] _flowed = new long[2];
    private long _baseline;
    private int _injected;
    private int _connections;

    private FaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The port to connect to instead of the target's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many faults fired so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>How many client connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Faults armed but not fired yet.</summary>
    public int Pending { get { lock (_gate) return _faults.Count; } }

    /// <summary>Bytes forwarded in <paramref name="direction"/> so far, over all connections.</summary>
    public long Flowed(FaultDirection direction) => Interlocked.Read(ref _flowed[(int)direction]);

    /// <summary>Every client command line seen, without its tag and with LOGIN/AUTHENTICATE arguments removed.</summary>
    public IReadOnlyList<string> ClientCommands { get { lock (_gate) return _commands.ToList(); } }

    /// <summary>Starts a proxy to 127.0.0.1:<paramref name="targetPort"/>.</summary>
    public static FaultProxy Start(int targetPort) => new(targetPort);

    /// <summary>Queues a fault; it becomes active when the ones before it have fired.</summary>
    public void Arm(Fault fault)
    {
        lock (_gate)
        {
            if (_faults.Count == 0) _baseline = Flowed(fault.Direction);
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Drops every fault that has not fired.</summary>
    public void Disarm()
    {
        lock (_gate) _faults.Clear();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private sealed class Link(TcpClient client, TcpClient server)
    {
        public TcpClient Client { get; } = client;
        public TcpClient Server { get; } = server;
        public SemaphoreSlim ClientWrite { get; } = new(1, 1);
        public CancellationTokenSource Closed { get; } = new();
        /// <summary>The tag whose reply must not reach the client (<see cref="FaultAction.LoseReply"/>).</summary>
        public volatile string? DoomedTag;
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            var link = new Link(client, server);
            try
            {
                client.NoDelay = true;
                server.NoDelay = true;
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token).ConfigureAwait(false);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, link.Closed.Token);
                var up = ClientToServerAsync(link, linked.Token);
                var down = ServerToClientAsync(link, linked.Token);
                await Task.WhenAny(up, down).ConfigureAwait(false);
                await link.Closed.CancelAsync().ConfigureAwait(false);
                await Task.WhenAll(up.ContinueWith(_ => { }), down.ContinueWith(_ => { })).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Returns the active fault for <paramref name="direction"/> and how many of <paramref name="count"/> bytes may pass before it fires.</summary>
    private (Fault? Fault, int Pass) Due(FaultDirection direction, int count)
    {
        lock (_gate)
        {
            if (_faults.Count == 0) return (null, count);
            var f = _faults.Peek();
            if (f.Action is FaultAction.Answer or FaultAction.LoseReply || f.Direction != direction) return (null, count);
            long left = Math.Max(0, f.AfterBytes - (Flowed(direction) - _baseline));
            return left > count ? (null, count) : (f, (int)left);
        }
    }

    /// <summary>Marks <paramref name="fault"/> fired; false when another connection fired it first.</summary>
    private bool TryFire(Fault fault)
    {
        lock (_gate)
        {
            if (_faults.Count == 0 || !ReferenceEquals(_faults.Peek(), fault)) return false;
            _faults.Dequeue();
            _injected++;
            if (_faults.Count > 0) _baseline = Flowed(_faults.Peek().Direction);
            return true;
        }
    }

    private async Task ServerToClientAsync(Link link, CancellationToken ct)
    {
        var from = link.Server.GetStream();
        var to = link.Client.GetStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await from.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            HideStartTls(buffer.AsSpan(0, n));
            if (link.DoomedTag is string doomed && ReplyStart(buffer.AsSpan(0, n), doomed) is int replyAt)
            {
                // The server ran the command; its reply is lost with the connection.
                if (replyAt > 0) await WriteClientAsync(link, buffer.AsMemory(0, replyAt), ct).ConfigureAwait(false);
                Close(link, reset: false);
                return;
            }
            int offset = 0;
            while (offset < n)
            {
                var (fault, pass) = Due(FaultDirection.ServerToClient, n - offset);
                if (fault?.Action == FaultAction.Bye)
                {
                    // A BYE must start a line: pass up to the next line end at or after the trigger point.
                    int lf = Array.IndexOf(buffer, (byte)'\n', offset + pass, n - offset - pass);
                    if (lf < 0) fault = null; else pass = lf + 1 - offset;
                }
                if (pass > 0)
                {
                    await WriteClientAsync(link, buffer.AsMemory(offset, pass), ct).ConfigureAwait(false);
                    Interlocked.Add(ref _flowed[(int)FaultDirection.ServerToClient], pass);
                    offset += pass;
                }
                if (fault is null || !TryFire(fault)) continue;
                if (!await ApplyAsync(fault, link, ct).ConfigureAwait(false)) return;
            }
        }
        link.Client.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Where a line starting with <paramref name="tag"/> begins in <paramref name="data"/>, or null.</summary>
    private static int? ReplyStart(ReadOnlySpan<byte> data, string tag)
    {
        byte[] prefix = Encoding.Latin1.GetBytes(tag + " ");
        if (data.StartsWith(prefix)) return 0;
        byte[] needle = Encoding.Latin1.GetBytes("\n" + tag + " ");
        int at = data.IndexOf(needle);
        return at < 0 ? null : at + 1;
    }

    /// <summary>
    /// Renames the STARTTLS capability (same length, so byte counts hold): the client stays in plain text, where the
    /// proxy can read commands and inject replies. TLS itself is tested without this proxy.
    /// </summary>
    private static void HideStartTls(Span<byte> data)
    {
        ReadOnlySpan<byte> name = "STARTTLS"u8;
        int at;
        while ((at = data.IndexOf(name)) >= 0)
        {
            "X-NO-TLS"u8.CopyTo(data[at..]);
            data = data[(at + name.Length)..];
        }
    }

    private async Task ClientToServerAsync(Link link, CancellationToken ct)
    {
        var from = link.Client.GetStream();
        var to = link.Server.GetStream();
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        long literal = 0;
        string? swallowed = null; // the reply owed for a command being answered here (its literals are dropped)
        int n;
        while ((n = await from.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            int offset = 0;
            while (offset < n)
            {
                if (literal > 0)
                {
                    // Literal data (APPEND bodies) passes through unparsed.
                    int take = (int)Math.Min(literal, n - offset);
                    literal -= take;
                    if (swallowed is null && !await ForwardUpAsync(link, to, buffer.AsMemory(offset, take), ct).ConfigureAwait(false)) return;
                    offset += take;
                    continue;
                }
                int lf = Array.IndexOf(buffer, (byte)'\n', offset, n - offset);
                if (lf < 0)
                {
                    line.Write(buffer, offset, n - offset);
                    offset = n;
                    continue;
                }
                line.Write(buffer, offset, lf + 1 - offset);
                offset = lf + 1;
                byte[] whole = line.ToArray();
                line.SetLength(0);
                string text = Encoding.Latin1.GetString(whole).TrimEnd('\r', '\n');
                literal = LiteralLength(text);
                if (swallowed is not null)
                {
                    // A continuation line of the answered command (MULTIAPPEND): dropped; the reply goes once it ends.
                    if (literal == 0)
                    {
                        await WriteClientAsync(link, Encoding.Latin1.GetBytes(swallowed), ct).ConfigureAwait(false);
                        swallowed = null;
                    }
                    continue;
                }
                if (TryAnswer(text, link) is string reply)
                {
                    if (literal == 0) await WriteClientAsync(link, Encoding.Latin1.GetBytes(reply), ct).ConfigureAwait(false);
                    else swallowed = reply;
                    continue;
                }
                if (!await ForwardUpAsync(link, to, whole, ct).ConfigureAwait(false)) return;
            }
        }
        link.Server.Client.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Forwards client bytes to the server, firing a client-to-server fault when its byte count is reached.</summary>
    private async Task<bool> ForwardUpAsync(Link link, NetworkStream to, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        int offset = 0;
        while (offset < data.Length)
        {
            var (fault, pass) = Due(FaultDirection.ClientToServer, data.Length - offset);
            if (pass > 0)
            {
                await to.WriteAsync(data.Slice(offset, pass), ct).ConfigureAwait(false);
                Interlocked.Add(ref _flowed[(int)FaultDirection.ClientToServer], pass);
                offset += pass;
            }
            if (fault is null || !TryFire(fault)) continue;
            if (!await ApplyAsync(fault, link, ct).ConfigureAwait(false)) return false;
        }
        return true;
    }

    /// <summary>Returns the reply line when <paramref name="text"/> is a command the active fault answers.</summary>
    private string? TryAnswer(string text, Link link)
    {
        int space = text.IndexOf(' ');
        string tag = space < 0 ? text : text[..space];
        string command = space < 0 ? "" : text[(space + 1)..];
        Fault? fault = null;
        lock (_gate)
        {
            _commands.Add(Redact(command));
            if (_faults.Count > 0 && _faults.Peek() is { Action: FaultAction.Answer or FaultAction.LoseReply } f
                && Regex.IsMatch(command, f.Command!, RegexOptions.IgnoreCase))
                fault = f;
        }
        if (fault is { Action: FaultAction.LoseReply })
        {
            if (TryFire(fault)) link.DoomedTag = tag;
            return null;
        }
        return fault is null || !TryFire(fault) ? null : $"{tag} {fault.Reply}\r\n";
    }

    private static string Redact(string command)
    {
        string verb = command.Split(' ', 2)[0];
        return verb.Equals("LOGIN", StringComparison.OrdinalIgnoreCase) || verb.Equals("AUTHENTICATE", StringComparison.OrdinalIgnoreCase)
            ? verb.ToUpperInvariant()
            : command;
    }

    /// <summary>The length of the literal announced at the end of a command line (<c>{n}</c> or <c>{n+}</c>), else 0.</summary>
    private static long LiteralLength(string line)
    {
        var m = Regex.Match(line, @"\{(\d+)\+?\}$");
        return m.Success ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private async Task WriteClientAsync(Link link, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await link.ClientWrite.WaitAsync(ct).ConfigureAwait(false);
        try { await link.Client.GetStream().WriteAsync(data, ct).ConfigureAwait(false); }
        finally { link.ClientWrite.Release(); }
    }

    /// <summary>Applies a fault; false when the connection is gone.</summary>
    private async Task<bool> ApplyAsync(Fault fault, Link link, CancellationToken ct)
    {
        switch (fault.Action)
        {
            case FaultAction.Stall:
                await Task.Delay(fault.StallFor, ct).ConfigureAwait(false);
                return true;
            case FaultAction.Bye:
                await WriteClientAsync(link, "* BYE Fault injected: server shutting down\r\n"u8.ToArray(), ct).ConfigureAwait(false);
                Close(link, reset: false);
                return false;
            case FaultAction.Reset:
                Close(link, reset: true);
                return false;
            default:
                Close(link, reset: false);
                return false;
        }
    }

    private static void Close(Link link, bool reset)
    {
        try
        {
            if (reset) link.Client.Client.LingerState = new LingerOption(true, 0);
            link.Client.Client.Close();
            link.Server.Client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        link.Closed.Cancel();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
