using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace ImapTools.TestBed;

/// <summary>What to load: how many messages, into which folders ("/"-separated), and whether to include a 5 MB attachment.</summary>
/// <param name="Messages">Total number of messages (duplicates included).</param>
/// <param name="Folders">Folder names with "/" as separator; translated to the server's separator and prefix.</param>
/// <param name="LargeAttachments">Include attachments up to 5 MB (a few messages).</param>
/// <param name="Seed">Random seed: the same spec always gives the same bytes.</param>
public sealed record CorpusSpec(int Messages, IReadOnlyList<string> Folders, bool LargeAttachments = false, int Seed = 1)
{
    /// <summary>The mixed folder set: nested, non-ASCII, with spaces.</summary>
    public static readonly IReadOnlyList<string> MixedFolders =
        ["INBOX", "Sent", "Sent Items", "Archive/2019/Q1", "Archive/2020", "Envoyés", "Café/Menü", "Drafts"];

    /// <summary>A small mixed account for functional tests.</summary>
    public static CorpusSpec Small(int messages = 40) => new(messages, MixedFolders);
}

/// <summary>One message as seen through IMAP: content hash, flags, keywords and internal date.</summary>
/// <param name="Sha256">Hex SHA-256 of BODY[] as the server returns it.</param>
/// <param name="Flags">System flags without \Recent.</param>
/// <param name="Keywords">Keywords, sorted, joined by a space.</param>
/// <param name="InternalDate">INTERNALDATE as a UTC instant.</param>
/// <param name="Size">RFC822.SIZE.</param>
public sealed record MessageFacts(string Sha256, MessageFlags Flags, string Keywords, DateTimeOffset InternalDate, long Size)
{
    /// <inheritdoc />
    public override string ToString() => $"{Sha256[..12]} {Flags} [{Keywords}] {InternalDate.UtcDateTime:O} {Size}";
}

/// <summary>An account's folders (names with "/" after removing the personal prefix) and their messages in UID order.</summary>
public sealed class MailboxSnapshot
{
    /// <summary>Folder name to messages.</summary>
    public SortedDictionary<string, List<MessageFacts>> Folders { get; } = new(StringComparer.Ordinal);

    /// <summary>Total messages.</summary>
    public int Count => Folders.Values.Sum(f => f.Count);

    /// <summary>One line per message (folder, facts), for equality asserts with readable diffs.</summary>
    public IReadOnlyList<string> Describe(bool sortWithinFolder = true) => Folders
        .SelectMany(kv => (sortWithinFolder ? kv.Value.Select(m => m.ToString()).Order(StringComparer.Ordinal) : kv.Value.Select(m => m.ToString()))
            .Select(m => $"{kv.Key}: {m}"))
        .ToList();
}

/// <summary>Builds deterministic test accounts and reads accounts back for comparison.</summary>
public static class CorpusBuilder
{
    private static readonly string[] Keywords = ["$Forwarded", "$Junk", "$label1", "Project-X", "$MDNSent"];

    /// <summary>Creates the folders and appends the corpus; returns what was appended per folder.</summary>
    public static async Task<int> LoadAsync(ImapClient client, CorpusSpec spec, CancellationToken ct = default)
    {
        var rng = new Random(spec.Seed);
        var ns = client.PersonalNamespaces[0];
        var perFolder = new Dictionary<string, List<IAppendRequest>>();
        var folderNames = spec.Folders.ToList();
        int n = 0;
        int largeLeft = spec.LargeAttachments ? 2 : 0;
        while (n < spec.Messages)
        {
            string folder = folderNames[n < folderNames.Count ? n : rng.Next(folderNames.Count)];
            int kind = n switch { 3 => 100, 5 => 101, 7 => 102, _ => rng.Next(100) };
            bool large = largeLeft > 0 && rng.Next(Math.Max(1, spec.Messages / 4)) == 0;
            if (large) largeLeft--;
            byte[] raw = MakeMessage(rng, n, kind, large);
            var flags = (MessageFlags)0;
            if (rng.Next(2) == 0) flags |= MessageFlags.Seen;
            if (rng.Next(5) == 0) flags |= MessageFlags.Answered;
            if (rng.Next(6) == 0) flags |= MessageFlags.Flagged;
            if (rng.Next(15) == 0) flags |= MessageFlags.Draft;
            if (rng.Next(20) == 0) flags |= MessageFlags.Deleted;
            var keywords = Keywords.Where(_ => rng.Next(6) == 0).ToList();
            var date = new DateTimeOffset(1994 + rng.Next(28), 1 + rng.Next(12), 1 + rng.Next(28), rng.Next(24), rng.Next(60), rng.Next(60),
                TimeSpan.FromMinutes(30 * (rng.Next(27) - 12)));
            var message = MimeMessage.Load(new MemoryStream(raw));
            if (!perFolder.TryGetValue(folder, out var list)) perFolder[folder] = list = [];
            list.Add(new AppendRequest(message, flags, keywords, date));
            n++;
            if (kind == 102 && n < spec.Messages)
            {
                // An exact duplicate (same bytes, flags and date) right after it.
                list.Add(new AppendRequest(MimeMessage.Load(new MemoryStream(raw)), flags, keywords, date));
                n++;
            }
        }
        foreach (var name in folderNames)
        {
            var folder = await EnsureFolderAsync(client, ns, name, ct);
            if (perFolder.TryGetValue(name, out var requests))
                foreach (var chunk in requests.Chunk(50))
                    await folder.AppendAsync(chunk.ToList(), ct);
        }
        return n;
    }

    /// <summary>Creates a "/"-separated folder path in the personal namespace (parents first).</summary>
    public static async Task<IMailFolder> EnsureFolderAsync(ImapClient client, FolderNamespace ns, string name, CancellationToken ct = default)
    {
        if (name.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return client.Inbox;
        IMailFolder parent = client.GetFolder(ns);
        foreach (var part in name.Split('/'))
        {
            string path = parent.FullName.Length == 0 ? part : parent.FullName + ns.DirectorySeparator + part;
            try { parent = await client.GetFolderAsync(path, ct); }
            catch (FolderNotFoundException) { parent = (await parent.CreateAsync(part, true, ct))!; }
        }
        return parent;
    }

    /// <summary>Appends one raw message to a "/"-separated folder (created when missing).</summary>
    public static async Task AppendRawAsync(ImapClient client, string folderName, byte[] raw, MessageFlags flags = MessageFlags.None,
        IEnumerable<string>? keywords = null, DateTimeOffset? date = null, CancellationToken ct = default)
    {
        var folder = await EnsureFolderAsync(client, client.PersonalNamespaces[0], folderName, ct);
        var request = new AppendRequest(MimeMessage.Load(new MemoryStream(raw)), flags, keywords ?? []);
        if (date is not null) request.InternalDate = date;
        await folder.AppendAsync(request, ct);
    }

    /// <summary>Reads every folder of the account: hash of BODY[], flags, keywords, internal date.</summary>
    public static async Task<MailboxSnapshot> SnapshotAsync(ImapClient client, CancellationToken ct = default)
    {
        var ns = client.PersonalNamespaces[0];
        var snapshot = new MailboxSnapshot();
        var folders = (await client.GetFoldersAsync(ns, cancellationToken: ct)).ToList();
        if (!folders.Any(f => f.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase))) folders.Add(client.Inbox);
        foreach (var folder in folders)
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect) || folder.Attributes.HasFlag(FolderAttributes.NonExistent)) continue;
            string name = NormalizeName(folder.FullName, ns);
            await folder.OpenAsync(FolderAccess.ReadOnly, ct);
            var list = new List<MessageFacts>();
            if (folder.Count > 0)
            {
                var summaries = await folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Size, ct);
                foreach (var s in summaries.OrderBy(s => s.UniqueId))
                {
                    using var stream = await folder.GetStreamAsync(s.UniqueId, string.Empty, ct);
                    string hash = Convert.ToHexString(await SHA256.HashDataAsync(stream, ct));
                    list.Add(new MessageFacts(hash, (s.Flags ?? 0) & ~MessageFlags.Recent, string.Join(' ', s.Keywords.Order(StringComparer.Ordinal)),
                        s.InternalDate!.Value.ToUniversalTime(), s.Size ?? 0));
                }
            }
            await folder.CloseAsync(false, ct);
            snapshot.Folders[name] = list;
        }
        return snapshot;
    }

    /// <summary>INBOX.Sent.2010 → Sent/2010 for prefix "INBOX." and separator "."; INBOX stays INBOX.</summary>
    public static string NormalizeName(string fullName, FolderNamespace ns)
    {
        if (fullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return "INBOX";
        string name = fullName;
        if (ns.Path.Length > 0 && name.StartsWith(ns.Path + ns.DirectorySeparator, StringComparison.Ordinal))
            name = name[(ns.Path.Length + 1)..];
        return name.Replace(ns.DirectorySeparator, '/');
    }

    private static byte[] MakeMessage(Random rng, int n, int kind, bool large)
    {
        string id = $"<corpus-{n}-{rng.Next():x}@imaptools.test>";
        string date = new DateTime(2000 + rng.Next(20), 1 + rng.Next(12), 1 + rng.Next(28), rng.Next(24), rng.Next(60), 0).ToString("ddd, d MMM yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0100";
        string from = $"User {n % 7} <user{n % 7}@example.org>";
        var sb = new StringBuilder();
        bool noId = kind is 100 or (>= 90 and < 95);
        bool eightBit = kind is 101 or (>= 80 and < 85);
        bool bareLf = kind == 95;
        sb.Append($"From: {from}\r\nTo: someone@example.net\r\n");
        sb.Append(eightBit ? $"Subject: Résumé für Zoë {n} — ünïcödé\r\n" : $"Subject: Corpus message {n} {Words(rng, 4)}\r\n");
        sb.Append($"Date: {date}\r\n");
        if (!noId) sb.Append($"Message-ID: {id}\r\n");
        sb.Append("MIME-Version: 1.0\r\n");
        if (large || kind >= 60 && kind < 80)
        {
            int size = large ? 5 * 1024 * 1024 - 1000 : 1024 * (1 + rng.Next(64));
            var bytes = new byte[size];
            rng.NextBytes(bytes);
            string b64 = Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);
            sb.Append("Content-Type: multipart/mixed; boundary=\"=-b" + n + "\"\r\n\r\n");
            sb.Append("This is a multi-part message in MIME format.\r\n");
            sb.Append($"--=-b{n}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{Words(rng, 30)}\r\n");
            sb.Append($"--=-b{n}\r\nContent-Type: application/octet-stream; name=\"file{n}.bin\"\r\nContent-Disposition: attachment; filename=\"file{n}.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            sb.Append(b64).Append("\r\n");
            sb.Append($"--=-b{n}--\r\n");
        }
        else
        {
            sb.Append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            for (int i = 0; i < 3 + rng.Next(20); i++) sb.Append(Words(rng, 12)).Append("\r\n");
            if (eightBit) sb.Append("Grüße aus Köln — ça va?\r\n");
            sb.Append("From the start of a line, a line that mbox would quote.\r\n");
        }
        string text = sb.ToString();
        if (bareLf) text = text.Replace("\r\n", "\n");
        return Encoding.UTF8.GetBytes(text);
    }

    private static readonly string[] Vocabulary = ["alpha", "budget", "meeting", "report", "invoice", "holiday", "server", "migration", "mailbox", "quarter", "review", "draft"];

    private static string Words(Random rng, int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Vocabulary[rng.Next(Vocabulary.Length)]));
}
