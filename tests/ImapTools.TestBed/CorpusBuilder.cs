using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace ImapTools.TestBed;

/// <summary>Generates a deterministic corpus, loads it into an account, and snapshots accounts.</summary>
public static class CorpusBuilder
{
    private static readonly string[] Keywords = ["$Forwarded", "$Junk", "$label1", "Project-X"];

    private static readonly MessageFlags[] FlagCombos =
    [
        MessageFlags.None,
        MessageFlags.Seen,
        MessageFlags.Seen | MessageFlags.Answered,
        MessageFlags.Flagged,
        MessageFlags.Draft,
        MessageFlags.Deleted,
        MessageFlags.Seen | MessageFlags.Flagged | MessageFlags.Answered,
        MessageFlags.Seen | MessageFlags.Deleted,
        MessageFlags.Draft | MessageFlags.Flagged,
        MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Draft | MessageFlags.Deleted,
    ];

    private static readonly string[][] KeywordSets =
    [
        [], ["$Forwarded"], ["$Junk"], ["$label1"], ["Project-X"], ["$Forwarded", "Project-X"], ["$label1", "$Junk"],
        ["$Forwarded", "$Junk", "$label1", "Project-X"],
    ];

    private static readonly TimeSpan[] Offsets =
    [
        TimeSpan.Zero, TimeSpan.FromHours(-5), new TimeSpan(5, 30, 0), TimeSpan.FromHours(9), TimeSpan.FromHours(-8),
        TimeSpan.FromHours(1), new TimeSpan(12, 45, 0), TimeSpan.FromHours(-3),
    ];

    private static readonly string[] Names = ["Alice Archer", "Bob Baker", "Carol Cooper", "Dave Dyer", "Erin Evans", "Frank Fischer"];
    private static readonly string[] Topics = ["Quarterly report", "Lunch on Friday", "Re: budget", "Server migration", "Minutes", "Invoice 4711", "Holiday plan", "Fwd: photos"];
    private static readonly string[] Words = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua".Split(' ');

    /// <summary>Generates the messages for <paramref name="spec"/> without touching a server.</summary>
    public static Corpus Generate(CorpusSpec spec)
    {
        var rnd = new Random(spec.Seed);
        var folders = ExpandFolders(spec.Folders);
        var messages = new List<CorpusMessage>();
        int n = 0;

        CorpusMessage Make(string folder, CorpusMessageKind kind, int attachmentBytes = 0)
        {
            int i = n++;
            var date = RandomDate(rnd, i);
            var flags = FlagCombos[i % FlagCombos.Length];
            var keywords = new HashSet<string>(KeywordSets[(i * 3) % KeywordSets.Length], StringComparer.Ordinal);
            return BuildMessage(rnd, i, folder, kind, date, flags, keywords, attachmentBytes);
        }

        string Pick(int i) => spec.Folders[i % spec.Folders.Count];

        if (spec.IncludeEdgeCases)
        {
            string inbox = folders.Contains("INBOX") ? "INBOX" : folders[0];
            messages.Add(Make(inbox, CorpusMessageKind.Plain));
            messages.Add(Make(inbox, CorpusMessageKind.Multipart, Math.Min(spec.MaxAttachmentBytes, 3000)));
            messages.Add(Make(inbox, CorpusMessageKind.EightBitHeader));
            messages.Add(Make(inbox, CorpusMessageKind.NoMessageId));
            messages.Add(Make(inbox, CorpusMessageKind.BareLf));
            var dup = Make(inbox, CorpusMessageKind.Duplicate);
            messages.Add(dup);
            messages.Add(dup);
            // Every folder gets at least one message; every flag combination and keyword set shows up.
            foreach (var f in spec.Folders.Where(f => f != inbox))
            {
                messages.Add(Make(f, (n % 3) switch { 0 => CorpusMessageKind.Plain, 1 => CorpusMessageKind.EightBitHeader, _ => CorpusMessageKind.NoMessageId }));
            }
            while (n < Math.Max(FlagCombos.Length, KeywordSets.Length))
            {
                messages.Add(Make(Pick(n), CorpusMessageKind.Plain));
            }
        }

        for (int k = 0; k < spec.MessageCount; k++)
        {
            var kind = rnd.Next(100) switch
            {
                < 60 => CorpusMessageKind.Plain,
                < 85 => CorpusMessageKind.Multipart,
                _ => spec.IncludeEdgeCases ? CorpusMessageKind.EightBitHeader : CorpusMessageKind.Plain,
            };
            int size = kind == CorpusMessageKind.Multipart ? rnd.Next(1, Math.Max(2, spec.MaxAttachmentBytes + 1)) : 0;
            messages.Add(Make(Pick(rnd.Next(spec.Folders.Count)), kind, size));
        }

        int[] largeSizes = [1_000_000, 2_500_000, 5_000_000];
        for (int k = 0; k < Math.Min(spec.LargeAttachmentCount, largeSizes.Length); k++)
        {
            messages.Add(Make(Pick(k), CorpusMessageKind.LargeAttachment, largeSizes[k]));
        }

        return new Corpus(folders, messages);
    }

    /// <summary>
    /// Creates the folders of <paramref name="spec"/> (translated to the server's personal namespace) and
    /// APPENDs the generated messages with their flags, keywords and INTERNALDATE, byte-exact.
    /// </summary>
    public static async Task<Corpus> LoadAsync(ImapClient client, CorpusSpec spec, CancellationToken ct = default)
    {
        var corpus = Generate(spec);
        await LoadAsync(client, corpus, ct).ConfigureAwait(false);
        return corpus;
    }

    /// <summary>Loads an already generated corpus (see <see cref="Generate"/>).</summary>
    public static async Task LoadAsync(ImapClient client, Corpus corpus, CancellationToken ct = default)
    {
        var ns = client.PersonalNamespaces[0];
        var created = new Dictionary<string, IMailFolder>(StringComparer.Ordinal) { ["INBOX"] = client.Inbox ?? throw new InvalidOperationException("Not logged in.") };
        var root = client.GetFolder(ns);

        foreach (var folder in corpus.Folders)
        {
            await EnsureFolderAsync(folder).ConfigureAwait(false);
        }

        // MailKit serialises the parsed MimeMessage again: with the message's own newline format
        // (CRLF, or LF for the bare-LF kind) MimeKit writes back the exact bytes (checked below).
        var dos = FormatOptions.Default.Clone();
        dos.NewLineFormat = NewLineFormat.Dos;
        var unix = FormatOptions.Default.Clone();
        unix.NewLineFormat = NewLineFormat.Unix;

        foreach (var group in corpus.Messages.GroupBy(m => m.Folder))
        {
            var folder = created[group.Key];
            var batch = new List<IAppendRequest>();
            long batchBytes = 0;
            FormatOptions? batchFormat = null;
            foreach (var m in group)
            {
                var format = m.Bytes.AsSpan().IndexOf("\r\n"u8) >= 0 ? dos : unix;
                if (batch.Count > 0 && (batchBytes > 4_000_000 || batch.Count >= 50 || format != batchFormat))
                {
                    await folder.AppendAsync(batchFormat!, batch, ct).ConfigureAwait(false);
                    batch.Clear();
                    batchBytes = 0;
                }
                batchFormat = format;
                var message = MimeMessage.Load(new MemoryStream(m.Bytes, writable: false), ct);
                using (var check = new MemoryStream())
                {
                    message.WriteTo(format, check, ct);
                    if (!check.ToArray().AsSpan().SequenceEqual(m.Bytes))
                    {
                        throw new InvalidOperationException($"MimeKit does not round-trip corpus message '{m.Subject}' byte-exact.");
                    }
                }
                batch.Add(new AppendRequest(message, m.Flags, m.Keywords, m.InternalDate));
                batchBytes += m.Bytes.Length;
            }
            if (batch.Count > 0)
            {
                await folder.AppendAsync(batchFormat!, batch, ct).ConfigureAwait(false);
            }
        }

        async Task<IMailFolder> EnsureFolderAsync(string path)
        {
            if (created.TryGetValue(path, out var existing))
            {
                return existing;
            }
            int slash = path.LastIndexOf('/');
            var parent = slash < 0 ? root : await EnsureFolderAsync(path[..slash]).ConfigureAwait(false);
            string leaf = slash < 0 ? path : path[(slash + 1)..];
            IMailFolder? folder;
            try
            {
                folder = await parent.CreateAsync(leaf, true, ct).ConfigureAwait(false)
                    ?? await client.GetFolderAsync(ServerName(ns, path), ct).ConfigureAwait(false);
            }
            catch (ImapCommandException)
            {
                // Already exists (e.g. loading twice).
                folder = await client.GetFolderAsync(ServerName(ns, path), ct).ConfigureAwait(false);
            }
            created[path] = folder;
            return folder;
        }
    }

    /// <summary>
    /// Reads every selectable folder of the account: names "/" separated with the personal prefix
    /// stripped (INBOX stays INBOX), each message's SHA-256 of BODY[] as the server returns it,
    /// flags (without \Recent), keywords and internal date, in UID order.
    /// </summary>
    public static async Task<MailboxSnapshot> SnapshotAsync(ImapClient client, CancellationToken ct = default)
    {
        var ns = client.PersonalNamespaces[0];
        var folders = new List<IMailFolder> { client.Inbox ?? throw new InvalidOperationException("Not logged in.") };
        folders.AddRange(await client.GetFoldersAsync(ns, StatusItems.None, subscribedOnly: false, ct).ConfigureAwait(false));
        var result = new Dictionary<string, IReadOnlyList<MessageSnapshot>>(StringComparer.Ordinal);
        foreach (var folder in folders.DistinctBy(f => f.FullName))
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect) || folder.Attributes.HasFlag(FolderAttributes.NonExistent))
            {
                continue;
            }
            string name = LocalName(ns, folder.FullName);
            if (result.ContainsKey(name))
            {
                continue;
            }
            await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false);
            var list = new List<MessageSnapshot>();
            if (folder.Count > 0)
            {
                var summaries = await folder.FetchAsync(0, -1,
                    MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Size, ct).ConfigureAwait(false);
                foreach (var s in summaries.OrderBy(s => s.UniqueId.Id))
                {
                    using var stream = await folder.GetStreamAsync(s.UniqueId, string.Empty, ct).ConfigureAwait(false);
                    using var buffer = new MemoryStream();
                    await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
                    var flags = (s.Flags ?? MessageFlags.None) & (MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft);
                    list.Add(new MessageSnapshot(
                        Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())),
                        buffer.Length,
                        flags,
                        new HashSet<string>(s.Keywords, StringComparer.Ordinal),
                        s.InternalDate ?? DateTimeOffset.MinValue));
                }
            }
            await folder.CloseAsync(false, ct).ConfigureAwait(false);
            result[name] = list;
        }
        return new MailboxSnapshot(result);
    }

    /// <summary>"/"-separated corpus name → the server's full name in <paramref name="ns"/>.</summary>
    public static string ServerName(FolderNamespace ns, string path)
    {
        if (path.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }
        string prefix = ns.Path.Length == 0 ? "" : ns.Path + ns.DirectorySeparator;
        return prefix + path.Replace('/', ns.DirectorySeparator);
    }

    /// <summary>The server's full name → "/"-separated name with the personal prefix stripped.</summary>
    public static string LocalName(FolderNamespace ns, string fullName)
    {
        if (fullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
        {
            return "INBOX";
        }
        string prefix = ns.Path.Length == 0 ? "" : ns.Path + ns.DirectorySeparator;
        string rest = prefix.Length > 0 && fullName.StartsWith(prefix, StringComparison.Ordinal) ? fullName[prefix.Length..] : fullName;
        return ns.DirectorySeparator == '/' ? rest : rest.Replace(ns.DirectorySeparator, '/');
    }

    private static List<string> ExpandFolders(IEnumerable<string> folders)
    {
        var result = new List<string> { "INBOX" };
        foreach (var f in folders)
        {
            var parts = f.Split('/');
            for (int i = 1; i <= parts.Length; i++)
            {
                string p = string.Join('/', parts[..i]);
                if (p.Equals("INBOX", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (!result.Contains(p))
                {
                    result.Add(p);
                }
            }
        }
        return result;
    }

    private static DateTimeOffset RandomDate(Random rnd, int i)
    {
        int year = i % 2 == 0 ? rnd.Next(1991, 2000) : rnd.Next(2010, 2020);
        var offset = Offsets[rnd.Next(Offsets.Length)];
        return new DateTimeOffset(year, rnd.Next(1, 13), rnd.Next(1, 29), rnd.Next(24), rnd.Next(60), rnd.Next(60), offset);
    }

    private static CorpusMessage BuildMessage(Random rnd, int i, string folder, CorpusMessageKind kind, DateTimeOffset date,
        MessageFlags flags, IReadOnlySet<string> keywords, int attachmentBytes)
    {
        string from = Names[rnd.Next(Names.Length)];
        string to = Names[rnd.Next(Names.Length)];
        string topic = Topics[rnd.Next(Topics.Length)];
        string subject = kind switch
        {
            CorpusMessageKind.EightBitHeader => $"Réunion über Café – {topic} ✓ #{i}",
            CorpusMessageKind.NoMessageId => $"{topic} (no Message-ID) #{i}",
            CorpusMessageKind.BareLf => $"{topic} (bare LF) #{i}",
            CorpusMessageKind.Duplicate => $"{topic} (duplicate) #{i}",
            _ => $"{topic} #{i}",
        };
        string? messageId = kind == CorpusMessageKind.NoMessageId ? null : $"<corpus.{i}.{rnd.Next():x8}@testbed.example>";
        string fromHeader = kind == CorpusMessageKind.EightBitHeader ? $"Zoë Ångström <zoe{i}@example.org>" : $"{from} <{Mailbox(from)}@example.org>";

        var sb = new StringBuilder();
        sb.Append("Return-Path: <").Append(Mailbox(from)).Append("@example.org>\r\n");
        sb.Append("Date: ").Append(RfcDate(date)).Append("\r\n");
        sb.Append("From: ").Append(fromHeader).Append("\r\n");
        sb.Append("To: ").Append(to).Append(" <").Append(Mailbox(to)).Append("@example.com>\r\n");
        sb.Append("Subject: ").Append(subject).Append("\r\n");
        if (messageId is not null)
        {
            sb.Append("Message-ID: ").Append(messageId).Append("\r\n");
        }
        sb.Append("MIME-Version: 1.0\r\n");
        string text = Paragraphs(rnd, kind == CorpusMessageKind.EightBitHeader);
        if (kind is CorpusMessageKind.Multipart or CorpusMessageKind.LargeAttachment)
        {
            string boundary = $"=_corpus_{i}_{rnd.Next():x8}";
            sb.Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\r\n\r\n");
            sb.Append("This is a multi-part message in MIME format.\r\n\r\n");
            sb.Append("--").Append(boundary).Append("\r\n");
            sb.Append("Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
            sb.Append(text);
            sb.Append("--").Append(boundary).Append("\r\n");
            sb.Append("Content-Type: application/octet-stream; name=\"data").Append(i).Append(".bin\"\r\n");
            sb.Append("Content-Transfer-Encoding: base64\r\n");
            sb.Append("Content-Disposition: attachment; filename=\"data").Append(i).Append(".bin\"\r\n\r\n");
            var data = new byte[Math.Max(1, attachmentBytes)];
            rnd.NextBytes(data);
            string b64 = Convert.ToBase64String(data);
            for (int p = 0; p < b64.Length; p += 76)
            {
                sb.Append(b64, p, Math.Min(76, b64.Length - p)).Append("\r\n");
            }
            sb.Append("--").Append(boundary).Append("--\r\n");
        }
        else
        {
            string charset = kind == CorpusMessageKind.EightBitHeader ? "utf-8" : "us-ascii";
            string cte = kind == CorpusMessageKind.EightBitHeader ? "8bit" : "7bit";
            sb.Append("Content-Type: text/plain; charset=").Append(charset).Append("\r\n");
            sb.Append("Content-Transfer-Encoding: ").Append(cte).Append("\r\n\r\n");
            sb.Append(text);
        }
        string raw = sb.ToString();
        if (kind == CorpusMessageKind.BareLf)
        {
            raw = raw.Replace("\r\n", "\n");
        }
        return new CorpusMessage(folder, kind, subject, messageId, Encoding.UTF8.GetBytes(raw), flags, keywords, date);
    }

    private static string Paragraphs(Random rnd, bool utf8)
    {
        var sb = new StringBuilder();
        int lines = rnd.Next(2, 8);
        for (int l = 0; l < lines; l++)
        {
            int words = rnd.Next(3, 12);
            for (int w = 0; w < words; w++)
            {
                if (w > 0) sb.Append(' ');
                sb.Append(Words[rnd.Next(Words.Length)]);
            }
            sb.Append("\r\n");
        }
        if (utf8)
        {
            sb.Append("Grüße aus Köln, ½ € — naïve café.\r\n");
        }
        return sb.ToString();
    }

    private static string Mailbox(string name) => name.Split(' ')[0].ToLowerInvariant();

    private static string RfcDate(DateTimeOffset d)
    {
        var off = d.Offset;
        string sign = off < TimeSpan.Zero ? "-" : "+";
        off = off.Duration();
        return d.ToString("ddd, d MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + sign + off.Hours.ToString("00", CultureInfo.InvariantCulture) + off.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }
}
