using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit.Net.Imap;
using MailKit.Security;

namespace ImapTools.TestBed;

/// <summary>Namespace layout of a private Dovecot instance.</summary>
public enum DovecotVariant
{
    /// <summary>Personal namespace prefix "" with separator "/".</summary>
    Slash,

    /// <summary>Personal namespace prefix "INBOX." with separator "." (Courier/Cyrus style).</summary>
    DotInbox,
}

/// <summary>
/// A private Dovecot instance (own config, own base/state/mail folders, own 127.0.0.1 ports).
/// Any user name logs in with <see cref="Password"/>; the mailbox is created on first login.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    /// <summary>The password every user logs in with.</summary>
    public const string Password = "secret";

    /// <summary>Master user name (AUTHENTICATE PLAIN with authzid = target user, authcid = master).</summary>
    public const string MasterUser = "master";

    /// <summary>Password of <see cref="MasterUser"/>.</summary>
    public const string MasterPassword = "masterpw";

    /// <summary>
    /// A user name that also logs in with <see cref="ColonPassword"/> (besides <see cref="Password"/>, like every user):
    /// tests of users files whose passwords contain a colon.
    /// </summary>
    public const string ColonUser = "colon.user";

    /// <summary>The extra password of <see cref="ColonUser"/>; it contains colons.</summary>
    public const string ColonPassword = "pa:ss:word";

    /// <summary>Separator for LOGIN "user*master" style master logins.</summary>
    public const string MasterUserSeparator = "*";

    private const string DovecotBinary = "dovecot";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly bool _deleteOnDispose;
    private int _disposed;

    private DovecotServer(DovecotVariant variant, string baseDir, bool deleteOnDispose, int[] ports)
    {
        Variant = variant;
        BaseDir = baseDir;
        _deleteOnDispose = deleteOnDispose;
        ImapPort = ports[0];
        ImapsPort = ports[1];
        Pop3Port = ports[2];
        Pop3sPort = ports[3];
    }

    /// <summary>Always "127.0.0.1".</summary>
    public string Host => "127.0.0.1";

    /// <summary>Plain IMAP port (STARTTLS offered).</summary>
    public int ImapPort { get; }

    /// <summary>Implicit-TLS IMAP port.</summary>
    public int ImapsPort { get; }

    /// <summary>Plain POP3 port (STLS offered).</summary>
    public int Pop3Port { get; }

    /// <summary>Implicit-TLS POP3 port.</summary>
    public int Pop3sPort { get; }

    /// <summary>Namespace layout.</summary>
    public DovecotVariant Variant { get; }

    /// <summary>The default <see cref="MailLocation"/>: a private single-dbox store in each user's home.</summary>
    public const string DefaultMailLocation = "sdbox:~/mail";

    /// <summary>Dovecot's <c>mail_location</c> setting of this instance.</summary>
    public string MailLocation { get; private init; } = DefaultMailLocation;

    /// <summary>The user that owns the mail files (the 'dovecot' user when running as root, else the current user).</summary>
    public static string MailUser => Environment.UserName == "root" ? "dovecot" : Environment.UserName;

    /// <summary>Root folder of this instance (config, runtime, log, mail).</summary>
    public string BaseDir { get; }

    /// <summary>PEM file of the self-signed server certificate (CN=127.0.0.1).</summary>
    public string CertificatePath => Path.Combine(BaseDir, "cert.pem");

    /// <summary>The generated dovecot.conf.</summary>
    public string ConfigPath => Path.Combine(BaseDir, "dovecot.conf");

    /// <summary>Dovecot's log file (all services).</summary>
    public string LogPath => Path.Combine(BaseDir, "dovecot.log");

    /// <summary>Personal namespace prefix ("" or "INBOX.").</summary>
    public string NamespacePrefix => Variant == DovecotVariant.DotInbox ? "INBOX." : "";

    /// <summary>Hierarchy separator ('/' or '.').</summary>
    public char Separator => Variant == DovecotVariant.DotInbox ? '.' : '/';

    /// <summary>Legacy connection string "127.0.0.1:&lt;imap port&gt;/&lt;user&gt;/secret".</summary>
    public string Conn(string user) => $"{Host}:{ImapPort}/{user}/{Password}";

    /// <summary>Legacy connection string for the implicit-TLS port.</summary>
    public string ConnTls(string user) => $"{Host}:{ImapsPort}/{user}/{Password}";

    /// <summary>Dovecot's log so far (for assertion messages).</summary>
    public string ReadLog()
    {
        try
        {
            using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(fs);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>
    /// Starts a private instance. With <paramref name="baseDir"/> null a fresh temp folder is used and
    /// deleted on dispose; an explicit folder is created if needed and is never deleted.
    /// </summary>
    /// <param name="variant">Namespace layout.</param>
    /// <param name="baseDir">The instance folder, or null for a fresh temp folder.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="mailLocation">Dovecot's <c>mail_location</c> (e.g. <c>maildir:/path/%u</c> to serve Maildirs written by a
    /// tool); null for the default private <c>sdbox:~/mail</c>.</param>
    /// <param name="extraConfig">Extra dovecot.conf lines appended (e.g. <see cref="QuotaConfig"/>).</param>
    public static Task<DovecotServer> StartAsync(DovecotVariant variant, string? baseDir = null, CancellationToken ct = default, string? mailLocation = null, string? extraConfig = null)
        => StartCoreAsync(variant, baseDir, extraConfig, mailLocation, ct);

    /// <summary>
    /// Dovecot settings that turn on the QUOTA extension (count backend, 1 GB storage limit) for tests of quota
    /// reports; pass as <c>extraConfig</c>.
    /// </summary>
    public const string QuotaConfig = """
        mail_plugins = $mail_plugins quota
        protocol imap {
          mail_plugins = $mail_plugins imap_quota
        }
        plugin {
          quota = count:User quota
          quota_vsizes = yes
          quota_rule = *:storage=1G
        }

        """;

    /// <summary>Like <see cref="StartAsync(DovecotVariant, string?, CancellationToken, string?, string?)"/>, with extra dovecot.conf lines appended (e.g. <see cref="QuotaConfig"/>).</summary>
    public static Task<DovecotServer> StartAsync(DovecotVariant variant, string? baseDir, string? extraConfig, CancellationToken ct = default)
        => StartCoreAsync(variant, baseDir, extraConfig, null, ct);

    private static async Task<DovecotServer> StartCoreAsync(DovecotVariant variant, string? baseDir, string? extraConfig, string? mailLocation, CancellationToken ct)
    {
        string binary = FindDovecot()
            ?? throw new InvalidOperationException(
                "The 'dovecot' binary was not found (looked in PATH, /usr/sbin, /usr/local/sbin). " +
                "Install it with `./build.sh deps` (Debian: apt-get install dovecot-imapd dovecot-pop3d).");

        bool temp = baseDir is null;
        string dir = temp
            ? Directory.CreateTempSubdirectory("imaptools-testbed-").FullName
            : Path.GetFullPath(baseDir!);
        Directory.CreateDirectory(dir);
        try
        {
            // Login/internal users (dovenull/dovecot) must be able to traverse the folder.
            SetMode(dir, (UnixFileMode)0b111_101_101);
            await PrepareFilesAsync(dir, ct).ConfigureAwait(false);

            Exception? last = null;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                ct.ThrowIfCancellationRequested();
                int[] ports = PickFreePorts(4);
                var server = new DovecotServer(variant, dir, temp, ports) { MailLocation = mailLocation ?? DefaultMailLocation };
                await File.WriteAllTextAsync(server.ConfigPath, server.BuildConfig() + (extraConfig ?? ""), ct).ConfigureAwait(false);
                var (rc, output) = await RunAsync(binary, ["-c", server.ConfigPath], Path.Combine(dir, "start.out"), ct).ConfigureAwait(false);
                if (rc != 0)
                {
                    last = new InvalidOperationException($"dovecot -c {server.ConfigPath} exited with {rc}: {output}\n{server.ReadLog()}");
                    if (output.Contains("Address already in use", StringComparison.Ordinal)
                        || output.Contains("bind", StringComparison.OrdinalIgnoreCase))
                    {
                        continue; // port race with another process: pick new ports
                    }
                    throw last;
                }
                try
                {
                    await server.WaitForGreetingAsync(ct).ConfigureAwait(false);
                    return server;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    last = ex;
                    await server.StopProcessAsync().ConfigureAwait(false);
                }
            }
            throw new InvalidOperationException("Could not start dovecot after 5 attempts.", last);
        }
        catch
        {
            if (temp)
            {
                TryDelete(dir);
            }
            throw;
        }
    }

    /// <summary>Stops an instance previously started in <paramref name="baseDir"/> (used by the CLI).</summary>
    public static Task StopAsync(string baseDir) => StopProcessAsync(Path.GetFullPath(baseDir), graceful: true);

    /// <summary>Connects to the plain IMAP port and logs in as <paramref name="user"/>.</summary>
    public Task<ImapClient> ConnectAsync(string user, CancellationToken ct = default)
        => ConnectAsync(user, SecureSocketOptions.None, ct);

    /// <summary>
    /// Connects and logs in as <paramref name="user"/>. <see cref="SecureSocketOptions.SslOnConnect"/> uses
    /// <see cref="ImapsPort"/>, anything else <see cref="ImapPort"/>. The certificate is not verified.
    /// </summary>
    public async Task<ImapClient> ConnectAsync(string user, SecureSocketOptions security, CancellationToken ct = default)
    {
        var client = await ConnectUnauthenticatedAsync(security, ct).ConfigureAwait(false);
        try
        {
            await client.AuthenticateAsync(user, Password, ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects (not logged in) to the plain or implicit-TLS IMAP port.</summary>
    public async Task<ImapClient> ConnectUnauthenticatedAsync(SecureSocketOptions security = SecureSocketOptions.None, CancellationToken ct = default)
    {
        var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        try
        {
            int port = security == SecureSocketOptions.SslOnConnect ? ImapsPort : ImapPort;
            await client.ConnectAsync(Host, port, security, ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Logs in as <paramref name="user"/> through the master user (AUTHENTICATE PLAIN, authzid = user).</summary>
    public async Task<ImapClient> ConnectAsMasterAsync(string user, CancellationToken ct = default)
    {
        var client = await ConnectUnauthenticatedAsync(SecureSocketOptions.None, ct).ConfigureAwait(false);
        try
        {
            var sasl = new SaslMechanismPlain(new NetworkCredential(MasterUser, MasterPassword)) { AuthorizationId = user };
            await client.AuthenticateAsync(sasl, ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Stops dovecot and (for temp instances) deletes <see cref="BaseDir"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await StopProcessAsync().ConfigureAwait(false);
        if (_deleteOnDispose)
        {
            TryDelete(BaseDir);
        }
    }

    private Task StopProcessAsync() => StopProcessAsync(BaseDir, graceful: !_deleteOnDispose);

    private static async Task StopProcessAsync(string baseDir, bool graceful)
    {
        string pidFile = Path.Combine(baseDir, "run", "master.pid");
        int pid;
        try
        {
            if (!int.TryParse((await File.ReadAllTextAsync(pidFile).ConfigureAwait(false)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out pid))
            {
                return;
            }
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        if (!IsDovecotMaster(pid, baseDir))
        {
            return; // stale pid file: never signal a process that is not ours
        }
        var deadline = Stopwatch.StartNew();
        if (graceful)
        {
            Signal(pid, SigTerm);
            while (IsDovecotMaster(pid, baseDir) && deadline.Elapsed < StopTimeout)
            {
                await Task.Delay(25).ConfigureAwait(false);
            }
        }
        if (IsDovecotMaster(pid, baseDir))
        {
            // The master calls setsid(), so its process group holds only this instance's processes.
            // A throw-away instance does not need a clean shutdown (which takes ~1 s): kill the group.
            Signal(IsGroupLeader(pid) ? -pid : pid, SigKill);
            deadline.Restart();
            while (IsDovecotMaster(pid, baseDir) && deadline.Elapsed < StopTimeout)
            {
                await Task.Delay(10).ConfigureAwait(false);
            }
        }
    }

    private const int SigTerm = 15;
    private const int SigKill = 9;

    private static bool IsGroupLeader(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 2 && fields[2] == pid.ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="pid"/> is alive and its command line names our config.</summary>
    private static bool IsDovecotMaster(int pid, string baseDir)
    {
        try
        {
            string cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            if (cmdline.Length == 0)
            {
                return false; // zombie
            }
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            if (close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z')
            {
                return false;
            }
            return cmdline.Contains(Path.Combine(baseDir, "dovecot.conf"), StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void Signal(int pid, int signal) => _ = NativeMethods.kill(pid, signal);

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
        internal static extern int kill(int pid, int sig);
    }

    private async Task WaitForGreetingAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        Exception? last = null;
        while (sw.Elapsed < StartTimeout)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using var tcp = new TcpClient();
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(3));
                await tcp.ConnectAsync(IPAddress.Loopback, ImapPort, cts.Token).ConfigureAwait(false);
                var stream = tcp.GetStream();
                var buffer = new byte[512];
                int n = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                string greeting = Encoding.ASCII.GetString(buffer, 0, n);
                if (greeting.StartsWith("* OK", StringComparison.Ordinal))
                {
                    await stream.WriteAsync("a LOGOUT\r\n"u8.ToArray(), cts.Token).ConfigureAwait(false);
                    return;
                }
                last = new InvalidOperationException($"Unexpected greeting: {greeting}");
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                last = ex;
            }
            await Task.Delay(20, ct).ConfigureAwait(false);
        }
        throw new InvalidOperationException($"Dovecot did not greet on port {ImapPort} within {StartTimeout}. Log:\n{ReadLog()}", last);
    }

    private static async Task PrepareFilesAsync(string dir, CancellationToken ct)
    {
        // Mail processes run as the 'dovecot' user (userdb uid 0 is refused by dovecot), so homes must be writable.
        string home = Path.Combine(dir, "home");
        Directory.CreateDirectory(home);
        SetMode(home, (UnixFileMode)0b1_111_111_111);

        await File.WriteAllTextAsync(Path.Combine(dir, "master-users"), $"{MasterUser}:{{PLAIN}}{MasterPassword}\n", ct).ConfigureAwait(false);
        // passwd-file splits on ':', so the colon password is stored hashed.
        string colonHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(ColonPassword)));
        await File.WriteAllTextAsync(Path.Combine(dir, "extra-users"), $"{ColonUser}:{{SHA256}}{colonHash}\n", ct).ConfigureAwait(false);

        string certPath = Path.Combine(dir, "cert.pem");
        string keyPath = Path.Combine(dir, "key.pem");
        if (!File.Exists(certPath) || !File.Exists(keyPath))
        {
            // Generated in-process (ECDSA P-256): much faster than spawning openssl, same PEM files.
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var req = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            req.CertificateExtensions.Add(san.Build());
            req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
            var notBefore = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var cert = req.CreateSelfSigned(notBefore, notBefore.AddYears(100));
            await File.WriteAllTextAsync(certPath, cert.ExportCertificatePem() + "\n", ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", ct).ConfigureAwait(false);
            SetMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private string BuildConfig()
    {
        bool root = Environment.UserName == "root";
        string self = Environment.UserName;
        // Running as root: login processes must not be root (dovenull), and userdb uid 0 is rejected,
        // so mail is owned by the 'dovecot' user. As non-root everything runs as the current user.
        string loginUser = root ? "dovenull" : self;
        string internalUser = root ? "dovecot" : self;
        string mailUser = root ? "dovecot" : self;
        string d = BaseDir;
        string sep = Separator.ToString();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$"""
            # Generated by ImapTools.TestBed.DovecotServer; self-contained (no include of the system config).
            base_dir = {{d}}/run
            state_dir = {{d}}/state
            log_path = {{d}}/dovecot.log
            instance_name = {{InstanceName(d)}}
            protocols = imap pop3
            listen = 127.0.0.1
            ssl = yes
            ssl_cert = <{{d}}/cert.pem
            ssl_key = <{{d}}/key.pem
            disable_plaintext_auth = no
            auth_mechanisms = plain login cram-md5
            auth_master_user_separator = {{MasterUserSeparator}}
            auth_failure_delay = 0
            first_valid_uid = 0
            default_internal_user = {{internalUser}}
            default_login_user = {{loginUser}}
            mail_location = {{MailLocation}}
            mail_fsync = never
            mail_max_userip_connections = 1000
            imap_max_line_length = 1M
            pop3_uidl_format = %08Xu%08Xv
            service imap-login {
              inet_listener imap {
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = {{ImapsPort}}
                ssl = yes
              }
              service_count = 0
            }
            service pop3-login {
              inet_listener pop3 {
                port = {{Pop3Port}}
              }
              inet_listener pop3s {
                port = {{Pop3sPort}}
                ssl = yes
              }
              service_count = 0
            }
            # Tests fail logins on purpose from 127.0.0.1: no auth penalty (up to 15 s per failure).
            service anvil {
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{d}}/master-users
              master = yes
            }
            # Extra passwords for a few users (a mismatch falls through to the static passdb).
            passdb {
              driver = passwd-file
              args = {{d}}/extra-users
            }
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{mailUser}} gid={{mailUser}} home={{d}}/home/%u
            }
            namespace inbox {
              inbox = yes
              separator = {{sep}}
              prefix = {{NamespacePrefix}}
              mailbox Drafts {
                special_use = \Drafts
              }
              mailbox Sent {
                special_use = \Sent
              }
              mailbox Trash {
                special_use = \Trash
              }
            }

            """);
        return sb.ToString();
    }

    private static string InstanceName(string dir)
    {
        string name = Path.GetFileName(dir.TrimEnd('/'));
        return name.StartsWith("imaptools", StringComparison.Ordinal) ? name : "imaptools-" + name;
    }

    private static int[] PickFreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                listeners.Add(l);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners)
            {
                l.Stop();
            }
        }
    }

    private static string? FindDovecot()
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"]);
        foreach (var dir in dirs)
        {
            string candidate = Path.Combine(dir, DovecotBinary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string outputFile, CancellationToken ct)
    {
        // dovecot daemonizes and its children inherit stdout/stderr, so pipes would stay open:
        // send the output to a file and read it once the parent has exited.
        var psi = new ProcessStartInfo("/bin/sh", ["-c", "exec \"$0\" \"$@\" >\"$OUT\" 2>&1", file, .. args])
        {
            UseShellExecute = false,
        };
        psi.Environment["OUT"] = outputFile;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}");
        await p.WaitForExitAsync(ct).ConfigureAwait(false);
        string output = File.Exists(outputFile) ? await File.ReadAllTextAsync(outputFile, ct).ConfigureAwait(false) : "";
        return (p.ExitCode, output.Trim());
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static void TryDelete(string dir)
    {
        for (int i = 0; i < 3; i++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }
}
