using System.Security.Cryptography;
using System.Text;
using MailKit;

namespace ImapTools.TestBed;

/// <summary>One hostile message: a name for reports, where it goes, its exact bytes, flags and internal date.</summary>
/// <param name="Name">A short name for reports ("nul-bytes", "bare-cr", ...).</param>
/// <param name="Folder">The folder it is appended to ("/" separated, see <see cref="HostileCorpus.Folders"/>).</param>
/// <param name="Bytes">The exact bytes appended.</param>
/// <param name="Flags">System flags.</param>
/// <param name="Keywords">Keywords.</param>
/// <param name="InternalDate">INTERNALDATE.</param>
public sealed record HostileMessage(string Name, string Folder, byte[] Bytes, MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset InternalDate)
{
    /// <summary>Lower-case hex SHA-256 of the bytes.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Folder}, {Bytes.Length} bytes)";
}

/// <summary>What the source server accepted of a hostile corpus.</summary>
public sealed class HostileLoadResult
{
    /// <summary>Messages the server stored.</summary>
    public List<HostileMessage> Loaded { get; } = [];

    /// <summary>Messages the server refused, with its tagged reply.</summary>
    public List<(HostileMessage Message, string Reply)> Refused { get; } = [];

    /// <summary>Folders created ("/" separated, decoded names).</summary>
    public List<string> FoldersCreated { get; } = [];

    /// <summary>Folders the server refused to create, with its tagged reply.</summary>
    public List<(string Folder, string Reply)> FoldersRefused { get; } = [];

    /// <summary>A one-line summary for test output.</summary>
    public override string ToString() =>
        $"loaded {Loaded.Count} messages; refused {string.Join("; ", Refused.Select(r => $"{r.Message.Name}: {r.Reply}"))}; " +
        $"folders {FoldersCreated.Count}; refused folders {string.Join("; ", FoldersRefused.Select(r => $"{r.Folder}: {r.Reply}"))}";
}

/// <summary>
/// Issue 9 item 3: mail a migration meets in the wild and a careless copier mangles — no Message-ID, duplicate
/// Message-IDs with different bodies, raw 8-bit (UTF-8 and Latin-1) and malformed headers, NUL bytes, bare LF and bare
/// CR, 20,000-character lines, an empty message, and folders whose names hold IMAP's special characters. Loaded with a
/// raw APPEND (<see cref="RawImapSession"/>), so no MIME library touches the bytes on the way in.
/// </summary>
public static class HostileCorpus
{
    /// <summary>
    /// Folders with the characters IMAP gives a meaning: <c>&amp;</c> (modified UTF-7 shift), <c>%</c> and <c>*</c>
    /// (LIST wildcards), <c>"</c> and <c>\</c> (quoted-string escapes), <c>.</c> (the hierarchy delimiter of dot servers),
    /// a "/" child (the delimiter of this server: hierarchy, not part of a name), a name starting with <c>~</c>,
    /// and a tab (Dovecot refuses both).
    /// </summary>
    public static readonly IReadOnlyList<string> Folders =
    [
        "Tom & Jerry", "100% done", "star*name", "say \"hi\"", "back\\slash", "dot.in.name", "Parent/child & more", "~tilde", "tab\tname",
    ];

    private static readonly DateTimeOffset BaseDate = new(2019, 3, 14, 15, 9, 26, TimeSpan.FromHours(2));

    /// <summary>The hostile messages (about 20 KB each at most), spread over INBOX and <see cref="Folders"/>.</summary>
    public static IReadOnlyList<HostileMessage> Messages()
    {
        var list = new List<HostileMessage>();
        int n = 0;
        void Add(string name, string folder, byte[] bytes, MessageFlags flags = MessageFlags.None, params string[] keywords) =>
            list.Add(new HostileMessage(name, folder, bytes, flags, keywords, BaseDate.AddDays(-37 * n++).ToOffset(TimeSpan.FromHours(n % 3 - 1))));
        byte[] L(string s) => Encoding.Latin1.GetBytes(s);

        Add("no-message-id", "INBOX", L("From: a@example.org\r\nTo: b@example.org\r\nSubject: no id\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\n\r\nNo Message-ID here.\r\n"), MessageFlags.Seen);
        Add("no-message-id-twin", "INBOX", L("From: a@example.org\r\nTo: b@example.org\r\nSubject: no id\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\nX-Other: 1\r\n\r\nSame Date/Subject/From, other body.\r\n"));
        Add("dup-id-first", "INBOX", L("From: a@example.org\r\nSubject: dup\r\nMessage-ID: <same@hostile.example>\r\n\r\nFirst body.\r\n"), MessageFlags.Flagged, "$label1");
        Add("dup-id-second", "INBOX", L("From: a@example.org\r\nSubject: dup\r\nMessage-ID: <same@hostile.example>\r\n\r\nSecond, different body.\r\n"), MessageFlags.Answered);
        Add("utf8-header", "Tom & Jerry", Encoding.UTF8.GetBytes("From: Zoë Ångström <zoe@example.org>\r\nSubject: Réunion über Café ✓ 日本語\r\nMessage-ID: <utf8@hostile.example>\r\n\r\nGrüße — naïve café.\r\n"), MessageFlags.Seen, "Project-X");
        Add("latin1-header", "100% done", L("From: J\xfcrgen M\xfcller <j@example.org>\r\nSubject: Caf\xe9 cr\xe8me \xbd\r\nMessage-ID: <latin1@hostile.example>\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nK\xf6ln \xe0 bient\xf4t \xa9\r\n"));
        Add("header-without-colon", "star*name", L("From: a@example.org\r\nSubject: no colon\r\nthis header line has no colon at all\r\nMessage-ID: <nocolon@hostile.example>\r\n\r\nbody\r\n"), MessageFlags.Draft);
        Add("folded-garbage", "say \"hi\"", L(" starts with a folded line\r\n\t\x01\x02\x7f garbage\r\nSubject: folded\r\n  \r\nX-Empty-Fold:\r\n \r\n\r\nbody after garbage\r\n"));
        Add("no-body-separator", "back\\slash", L("From: a@example.org\r\nSubject: headers only\r\nMessage-ID: <nosep@hostile.example>\r\n"), MessageFlags.Seen | MessageFlags.Deleted);
        Add("no-final-newline", "dot.in.name", L("From: a@example.org\r\nSubject: no final newline\r\nMessage-ID: <noeol@hostile.example>\r\n\r\nthe body ends here"));
        Add("nul-bytes", "Parent/child & more", L("From: a@example.org\r\nSubject: nul\0in header\r\nMessage-ID: <nul@hostile.example>\r\n\r\nab\0cd\0\0ef\r\n"), MessageFlags.Seen, "$Forwarded");
        Add("bare-lf", "INBOX", L("From: a@example.org\nSubject: bare LF\nMessage-ID: <lf@hostile.example>\n\nline one\nline two\n"));
        Add("bare-cr", "INBOX", L("From: a@example.org\r\nSubject: bare\rCR\r\nMessage-ID: <cr@hostile.example>\r\n\r\nline one\rline two\rline three\r\n"), MessageFlags.Flagged);
        Add("mixed-line-ends", "INBOX", L("From: a@example.org\r\nSubject: mixed\r\nMessage-ID: <mixed@hostile.example>\r\n\r\ncr-cr-lf\r\r\nlf-cr\n\rend\r\n"));
        Add("long-lines", "INBOX", L("From: a@example.org\r\nSubject: long\r\nMessage-ID: <long@hostile.example>\r\nX-Long: " + new string('h', 5_000) + "\r\n\r\n" + new string('a', 20_000) + "\r\nshort\r\n" + string.Concat(Enumerable.Repeat("0123456789", 1_500)) + "\r\n"));
        Add("unterminated-multipart", "INBOX", L("From: a@example.org\r\nSubject: broken MIME\r\nMessage-ID: <mime@hostile.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nno closing boundary\r\n"), MessageFlags.Seen);
        Add("empty", "INBOX", []);
        return list;
    }

    /// <summary>
    /// A message of <paramref name="bytes"/> bytes (default 50 MB): headers, then base64-looking lines of 76 characters,
    /// generated from a seed (never committed).
    /// </summary>
    public static HostileMessage Large(string folder = "INBOX", int bytes = 50 * 1024 * 1024)
    {
        byte[] header = Encoding.ASCII.GetBytes("From: big@example.org\r\nSubject: 50 MB\r\nMessage-ID: <large@hostile.example>\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        var data = new byte[bytes];
        header.CopyTo(data, 0);
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var rnd = new Random(4711);
        int col = 0;
        for (int i = header.Length; i < bytes; i++)
        {
            if (i >= bytes - 2) data[i] = i == bytes - 2 ? (byte)'\r' : (byte)'\n';
            else if (col == 76) { data[i] = (byte)'\r'; col++; }
            else if (col == 77) { data[i] = (byte)'\n'; col = 0; }
            else { data[i] = (byte)Alphabet[rnd.Next(64)]; col++; }
        }
        return new HostileMessage("large-50mb", folder, data, MessageFlags.Seen, [], BaseDate);
    }

    /// <summary>A plain message of about <paramref name="bodyBytes"/> bytes (for size-limit tests).</summary>
    public static HostileMessage Plain(string name, string folder, int bodyBytes, int dayOffset = 0)
    {
        var sb = new StringBuilder($"From: a@example.org\r\nSubject: {name}\r\nMessage-ID: <{name}@hostile.example>\r\n\r\n");
        while (sb.Length < bodyBytes) sb.Append("the quick brown fox jumps over the lazy dog 0123456789\r\n");
        return new HostileMessage(name, folder, Encoding.ASCII.GetBytes(sb.ToString()), MessageFlags.Seen, [], BaseDate.AddDays(dayOffset));
    }

    /// <summary>
    /// Creates <paramref name="folders"/> ("/" separated; the server's own separator is used) and APPENDs
    /// <paramref name="messages"/> with a raw session, in order; records what the server refused.
    /// </summary>
    public static async Task<HostileLoadResult> LoadAsync(DovecotServer server, string user, IEnumerable<HostileMessage> messages, IEnumerable<string>? folders = null)
    {
        var result = new HostileLoadResult();
        await using var session = await RawImapSession.LoginAsync(server, user);
        var refusedFolders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders ?? Folders)
        {
            var (_, reply) = await session.CommandAsync("CREATE " + RawImapSession.Quote(ServerName(server, folder)));
            if (IsOk(reply, "CREATE")) result.FoldersCreated.Add(folder);
            else
            {
                result.FoldersRefused.Add((folder, reply));
                refusedFolders.Add(folder);
            }
        }
        foreach (var m in messages)
        {
            if (refusedFolders.Contains(m.Folder))
            {
                result.Refused.Add((m, "folder refused"));
                continue;
            }
            string flags = string.Join(' ', FlagWords(m.Flags).Concat(m.Keywords));
            string reply = await session.AppendAsync(ServerName(server, m.Folder), flags, m.InternalDate, m.Bytes);
            if (IsOk(reply, "APPEND")) result.Loaded.Add(m);
            else result.Refused.Add((m, reply));
        }
        return result;
    }

    /// <summary>The server's (modified UTF-7) name of a "/" separated folder name (ASCII names; <c>&amp;</c> becomes <c>&amp;-</c>).</summary>
    public static string ServerName(DovecotServer server, string folder) =>
        folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)
            ? "INBOX"
            : server.NamespacePrefix + folder.Replace("&", "&-", StringComparison.Ordinal).Replace('/', server.Separator);

    private static bool IsOk(string taggedReply, string command)
    {
        string[] parts = taggedReply.Split(' ', 3);
        if (parts.Length >= 2 && parts[1] == "OK") return true;
        if (parts.Length >= 2 && parts[1] is "NO" or "BAD") return false;
        throw new InvalidOperationException($"unexpected {command} reply: {taggedReply}");
    }

    private static IEnumerable<string> FlagWords(MessageFlags flags)
    {
        if (flags.HasFlag(MessageFlags.Seen)) yield return "\\Seen";
        if (flags.HasFlag(MessageFlags.Answered)) yield return "\\Answered";
        if (flags.HasFlag(MessageFlags.Flagged)) yield return "\\Flagged";
        if (flags.HasFlag(MessageFlags.Deleted)) yield return "\\Deleted";
        if (flags.HasFlag(MessageFlags.Draft)) yield return "\\Draft";
    }
}
