using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace ImapTools.TestBed;

/// <summary>
/// Small CLI for build.sh demo:
/// <c>start &lt;dir&gt; [--variant slash|dotinbox]</c>, <c>stop &lt;dir&gt;</c>,
/// <c>load &lt;host:port&gt; &lt;user&gt; &lt;password&gt; &lt;folder&gt;</c>.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: ImapTools.TestBed start <dir> [--variant slash|dotinbox]
               ImapTools.TestBed stop <dir>
               ImapTools.TestBed load <host:port> <user> <password> <mail-folder>
               ImapTools.TestBed list <host:port> <user> <password>
          start  starts a private Dovecot rooted at <dir> (left running) and prints its ports
          stop   stops the Dovecot started in <dir>
          load   APPENDs the mail below <mail-folder> (one subfolder per mailbox, "/" nested,
                 files *.eml or Maildir cur/new; files directly in <mail-folder> go to INBOX)
          list   prints every folder with its message count
          corpus <host:port> <user> <password> <count> [large]   loads the deterministic mixed corpus
          compare <host:port> <user> <pw> <host:port> <user> <pw> compares two accounts (exit 1 if they differ)
        """;

    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        try
        {
            switch (args.FirstOrDefault())
            {
                case "start" when args.Length is 2 or 4:
                    {
                        var variant = DovecotVariant.Slash;
                        if (args.Length == 4)
                        {
                            if (args[2] != "--variant") return Fail(Usage);
                            variant = args[3].ToLowerInvariant() switch
                            {
                                "slash" => DovecotVariant.Slash,
                                "dotinbox" => DovecotVariant.DotInbox,
                                _ => throw new ArgumentException($"unknown variant '{args[3]}' (slash|dotinbox)"),
                            };
                        }
                        // Not disposed on purpose: the server keeps running until `stop <dir>`.
                        var server = await DovecotServer.StartAsync(variant, args[1]);
                        Console.WriteLine($"imap={server.ImapPort} imaps={server.ImapsPort} pop3={server.Pop3Port} pop3s={server.Pop3sPort}");
                        return 0;
                    }
                case "stop" when args.Length == 2:
                    await DovecotServer.StopAsync(args[1]);
                    return 0;
                case "load" when args.Length == 5:
                    {
                        using var client = await ConnectAsync(args[1], args[2], args[3]);
                        int n = await LoadFolderTreeAsync(client, args[4]);
                        Console.WriteLine($"loaded {n} messages into {args[2]}");
                        await client.DisconnectAsync(true);
                        return 0;
                    }
                case "corpus" when args.Length is 5 or 6:
                    {
                        // corpus <host:port> <user> <password> <messages> [large]: the deterministic mixed corpus.
                        using var client = await ConnectAsync(args[1], args[2], args[3]);
                        var spec = CorpusSpec.Mixed(largeAttachments: args.Length == 6) with { MessageCount = int.Parse(args[4], CultureInfo.InvariantCulture) };
                        var corpus = await CorpusBuilder.LoadAsync(client, spec);
                        Console.WriteLine($"loaded {corpus.Messages.Count} messages ({corpus.Messages.Sum(m => (long)m.Bytes.Length) / 1e6:0.0} MB) into {args[2]}");
                        await client.DisconnectAsync(true);
                        return 0;
                    }
                case "compare" when args.Length == 7:
                    {
                        // compare <host:port> <user> <password> <host:port> <user> <password>: bytes, flags, dates, folders.
                        using var a = await ConnectAsync(args[1], args[2], args[3]);
                        using var b = await ConnectAsync(args[4], args[5], args[6]);
                        var diff = (await CorpusBuilder.SnapshotAsync(a)).Diff(await CorpusBuilder.SnapshotAsync(b));
                        foreach (var line in diff.Take(20)) Console.WriteLine(line);
                        Console.WriteLine(diff.Count == 0 ? "identical" : $"{diff.Count} differences");
                        return diff.Count == 0 ? 0 : 1;
                    }
                case "list" when args.Length == 4:
                    {
                        using var client = await ConnectAsync(args[1], args[2], args[3]);
                        var snapshot = await CorpusBuilder.SnapshotAsync(client);
                        foreach (var name in snapshot.FolderNames)
                        {
                            Console.WriteLine($"{name} ({snapshot.Folders[name].Count} messages)");
                        }
                        await client.DisconnectAsync(true);
                        return 0;
                    }
                default:
                    return Fail(Usage);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ImapCommandException or ImapProtocolException or AuthenticationException or ArgumentException or System.Net.Sockets.SocketException)
        {
            return Fail($"error: {ex.Message}");
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static async Task<ImapClient> ConnectAsync(string hostPort, string user, string password)
    {
        var parts = hostPort.Split(':');
        int port = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 143;
        var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(parts[0], port, port == 993 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None);
        await client.AuthenticateAsync(user, password);
        return client;
    }

    /// <summary>APPENDs every message below <paramref name="root"/>; returns the number appended.</summary>
    public static async Task<int> LoadFolderTreeAsync(ImapClient client, string root, CancellationToken ct = default)
    {
        var ns = client.PersonalNamespaces[0];
        int count = 0;
        foreach (var (mailbox, files) in FindMailboxes(Path.GetFullPath(root)))
        {
            IMailFolder folder = mailbox == "INBOX" ? client.Inbox! : await EnsureAsync(mailbox);
            foreach (var file in files)
            {
                var message = await MimeMessage.LoadAsync(file, ct);
                var (flags, date) = MaildirInfo(file, message);
                await folder.AppendAsync(new AppendRequest(message, flags, date), ct);
                count++;
            }
        }
        return count;

        async Task<IMailFolder> EnsureAsync(string path)
        {
            string full = CorpusBuilder.ServerName(ns, path);
            try
            {
                return await client.GetFolderAsync(full, ct);
            }
            catch (FolderNotFoundException)
            {
                int slash = path.LastIndexOf('/');
                var parent = slash < 0 ? client.GetFolder(ns) : await EnsureAsync(path[..slash]);
                return await parent.CreateAsync(slash < 0 ? path : path[(slash + 1)..], true, ct)
                    ?? await client.GetFolderAsync(full, ct);
            }
        }
    }

    private static IEnumerable<(string Mailbox, List<string> Files)> FindMailboxes(string root)
    {
        foreach (var dir in new[] { root }.Concat(Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            if (name is "cur" or "new" or "tmp")
            {
                continue;
            }
            var files = Directory.EnumerateFiles(dir, "*.eml")
                .Concat(new[] { "cur", "new" }.Select(s => Path.Combine(dir, s)).Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d)))
                .Order(StringComparer.Ordinal)
                .ToList();
            string rel = Path.GetRelativePath(root, dir).Replace(Path.DirectorySeparatorChar, '/');
            string mailbox = rel == "." || rel.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" : rel;
            if (files.Count > 0 || mailbox != "INBOX")
            {
                yield return (mailbox, files);
            }
        }
    }

    private static (MessageFlags Flags, DateTimeOffset Date) MaildirInfo(string file, MimeMessage message)
    {
        var flags = MessageFlags.None;
        string name = Path.GetFileName(file);
        int info = name.IndexOf(":2,", StringComparison.Ordinal);
        if (info >= 0)
        {
            foreach (char c in name[(info + 3)..])
            {
                flags |= c switch
                {
                    'S' => MessageFlags.Seen,
                    'R' => MessageFlags.Answered,
                    'F' => MessageFlags.Flagged,
                    'D' => MessageFlags.Draft,
                    'T' => MessageFlags.Deleted,
                    _ => MessageFlags.None,
                };
            }
        }
        else if (Path.GetFileName(Path.GetDirectoryName(file)) != "new")
        {
            flags = MessageFlags.Seen;
        }
        var date = message.Date == DateTimeOffset.MinValue ? new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero) : message.Date;
        return (flags, date);
    }
}
