using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit.Net.Imap;
using MailKit.Security;

namespace ImapTools.TestBed;

/// <summary>The personal namespace layout of a test server.</summary>
public enum DovecotVariant
{
    /// <summary>Prefix "" and separator "/" (Dovecot's default).</summary>
    Slash,
    /// <summary>Prefix "INBOX." and separator "." (Courier/Cyrus style).</summary>
    DotInbox,
}

/// <summary>
/// A private Dovecot (IMAP + POP3) on free 127.0.0.1 ports with its own configuration and storage under a temp folder.
/// Any user name logs in with <see cref="Password"/>; <see cref="MasterUser"/> may log in as anyone (AUTHENTICATE PLAIN
/// with the user as authorization identity). Stopped and deleted on dispose.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    /// <summary>The password of every user.</summary>
    public const string Password = "secret";
    /// <summary>The master (admin) user.</summary>
    public const string MasterUser = "postmaster";
    /// <summary>The master user's password.</summary>
    public const string MasterPassword = "masterpw";

    private readonly bool _deleteOnDispose;

    private DovecotServer(string baseDir, DovecotVariant variant, bool deleteOnDispose)
    {
        BaseDir = baseDir;
        Variant = variant;
        _deleteOnDispose = deleteOnDispose;
    }

    /// <summary>The loopback address the server listens on.</summary>
    public string Host => "127.0.0.1";
    /// <summary>Plain IMAP port (STARTTLS offered).</summary>
    public int ImapPort { get; private set; }
    /// <summary>Implicit-TLS IMAP port.</summary>
    public int ImapsPort { get; private set; }
    /// <summary>Plain POP3 port.</summary>
    public int Pop3Port { get; private set; }
    /// <summary>Implicit-TLS POP3 port.</summary>
    public int Pop3sPort { get; private set; }
    /// <summary>The namespace layout.</summary>
    public DovecotVariant Variant { get; }
    /// <summary>Config, runtime and storage folder.</summary>
    public string BaseDir { get; }
    /// <summary>The self-signed certificate (PEM) the server presents.</summary>
    public string CertificatePath => Path.Combine(BaseDir, "cert.pem");
    private string ConfigPath => Path.Combine(BaseDir, "dovecot.conf");

    /// <summary>The legacy connection string for <paramref name="user"/> on the plain port.</summary>
    public string Conn(string user) => $"{Host}:{ImapPort}/{user}/{Password}";

    /// <summary>Starts a server; <paramref name="baseDir"/> (kept after dispose) or a fresh temp folder (deleted).</summary>
    public static async Task<DovecotServer> StartAsync(DovecotVariant variant, string? baseDir = null, CancellationToken ct = default)
    {
        string dovecot = FindDovecot();
        bool temp = baseDir is null;
        baseDir ??= Path.Combine(Path.GetTempPath(), "imaptools-dovecot-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(baseDir);
        var server = new DovecotServer(Path.GetFullPath(baseDir), variant, temp);
        await server.WriteConfigAsync(ct);
        var start = await RunAsync(dovecot, ["-c", server.ConfigPath], ct);
        if (start.Code != 0)
            throw new InvalidOperationException($"dovecot did not start: {start.Output}\n{server.ReadLog()}");
        await server.WaitReadyAsync(ct);
        return server;
    }

    private static string FindDovecot()
    {
        foreach (var p in new[] { "/usr/sbin/dovecot", "/usr/local/sbin/dovecot" })
            if (File.Exists(p)) return p;
        throw new InvalidOperationException("dovecot is not installed: run ./build.sh deps (apt-get install dovecot-imapd dovecot-pop3d)");
    }

    private async Task WriteConfigAsync(CancellationToken ct)
    {
        foreach (var d in new[] { "run", "state", "mail", "home" }) Directory.CreateDirectory(Path.Combine(BaseDir, d));
        var ports = FreePorts(4);
        (ImapPort, ImapsPort, Pop3Port, Pop3sPort) = (ports[0], ports[1], ports[2], ports[3]);
        await Certificate.WriteAsync(BaseDir, ct);
        await File.WriteAllTextAsync(Path.Combine(BaseDir, "master-users"), $"{MasterUser}:{{PLAIN}}{MasterPassword}\n", ct);
        (string mailUser, bool root) = MailUser();
        string prefix = Variant == DovecotVariant.DotInbox ? "INBOX." : "";
        char separator = Variant == DovecotVariant.DotInbox ? '.' : '/';
        string conf = $$"""
            base_dir = {{BaseDir}}/run
            state_dir = {{BaseDir}}/state
            log_path = {{BaseDir}}/dovecot.log
            instance_name = imaptools-{{Path.GetFileName(BaseDir)}}
            protocols = imap pop3
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <{{BaseDir}}/cert.pem
            ssl_key = <{{BaseDir}}/key.pem
            disable_plaintext_auth = no
            auth_mechanisms = plain login cram-md5
            auth_master_user_separator = *
            first_valid_uid = 0
            {{(root ? "default_internal_user = dovecot\ndefault_login_user = dovenull" : $"default_internal_user = {mailUser}\ndefault_login_user = {mailUser}")}}
            mail_location = sdbox:{{BaseDir}}/mail/%u
            mail_uid = {{mailUser}}
            mail_gid = {{mailUser}}
            pop3_uidl_format = %08Xu%08Xv
            imap_max_line_length = 1M
            service imap-login {
              inet_listener imap {
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = {{ImapsPort}}
                ssl = yes
              }
            }
            service pop3-login {
              inet_listener pop3 {
                port = {{Pop3Port}}
              }
              inet_listener pop3s {
                port = {{Pop3sPort}}
                ssl = yes
              }
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{BaseDir}}/master-users
              master = yes
            }
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{BaseDir}}/home/%u
            }
            namespace inbox {
              inbox = yes
              separator = {{separator}}
              prefix = {{prefix}}
            }
            """;
        await File.WriteAllTextAsync(ConfigPath, conf, ct);
        if (root)
        {
            foreach (var d in new[] { "mail", "home" })
                await RunAsync("chown", ["dovecot:dovecot", Path.Combine(BaseDir, d)], ct);
        }
    }

    /// <summary>Dovecot refuses uid 0 for mail: as root the mail belongs to the 'dovecot' system user.</summary>
    private static (string User, bool Root) MailUser()
    {
        string user = Environment.UserName;
        return user == "root" ? ("dovecot", true) : (user, false);
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = await ConnectAsync("readiness-probe", ct);
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or ImapProtocolException or AuthenticationException)
            {
                last = e;
                await Task.Delay(100, ct);
            }
        }
        throw new InvalidOperationException($"dovecot on port {ImapPort} did not become ready: {last?.Message}\n{ReadLog()}");
    }

    /// <summary>An independent, logged-in MailKit client for <paramref name="user"/> (plain port, no TLS).</summary>
    public async Task<ImapClient> ConnectAsync(string user, CancellationToken ct = default)
    {
        var client = new ImapClient { Timeout = 60_000 };
        try
        {
            await client.ConnectAsync(Host, ImapPort, SecureSocketOptions.None, ct);
            await client.AuthenticateAsync(user, Password, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The server's log file.</summary>
    public string ReadLog() => File.Exists(Path.Combine(BaseDir, "dovecot.log")) ? File.ReadAllText(Path.Combine(BaseDir, "dovecot.log")) : "";

    /// <summary>Stops the server (by its master pid).</summary>
    public async Task StopAsync()
    {
        string pidFile = Path.Combine(BaseDir, "run", "master.pid");
        if (!File.Exists(pidFile)) return;
        if (int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out int pid))
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
                await p.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OperationCanceledException) { }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_deleteOnDispose)
        {
            try { Directory.Delete(BaseDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    internal static async Task<(int Code, string Output)> RunAsync(string file, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var o = p.StandardOutput.ReadToEndAsync(ct);
        var e = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return (p.ExitCode, await o + await e);
    }
}

/// <summary>A self-signed localhost certificate, made once per process with openssl and copied into each server folder.</summary>
internal static class Certificate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _dir;

    public static async Task WriteAsync(string target, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (_dir is null)
            {
                string dir = Path.Combine(Path.GetTempPath(), "imaptools-cert-" + Environment.ProcessId);
                Directory.CreateDirectory(dir);
                var r = await DovecotServer.RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", Path.Combine(dir, "key.pem"), "-out", Path.Combine(dir, "cert.pem")], ct);
                if (r.Code != 0) throw new InvalidOperationException("openssl could not make a test certificate: " + r.Output);
                _dir = dir;
            }
            File.Copy(Path.Combine(_dir, "cert.pem"), Path.Combine(target, "cert.pem"), true);
            File.Copy(Path.Combine(_dir, "key.pem"), Path.Combine(target, "key.pem"), true);
        }
        finally
        {
            Gate.Release();
        }
    }
}
