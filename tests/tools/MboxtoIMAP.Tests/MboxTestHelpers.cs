using System.Diagnostics;
using System.Text;
using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Tools.MboxTests;

/// <summary>Shared by the mbox, mbxIMAPsync and Thunderbird end-to-end tests: accounts, appends, snapshots, python3.</summary>
public static class MboxTestHelpers
{
    /// <summary>A message whose body has lines that an mbox writer must quote.</summary>
    public const string FromLines =
        "From: Quoting Test <quote@example.org>\r\nTo: b@example.org\r\nSubject: From lines\r\nMessage-ID: <fromlines@example.org>\r\n" +
        "Date: Tue, 2 Jan 2018 10:00:00 +0100\r\n\r\nFrom the start of a line\r\n>From already quoted\r\n>>From twice\r\n\r\nFrom again after a blank line 2018\r\nbye\r\n";

    /// <summary>A message with a given Message-ID (none when empty).</summary>
    public static string Mail(string id, string subject, string body = "hello") =>
        $"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\n{(id.Length > 0 ? $"Message-ID: <{id}>\r\n" : "")}Date: Mon, 1 Jan 2018 10:00:00 +0000\r\n\r\n{body}\r\n";

    /// <summary>APPENDs one raw message with flags, date and keywords (parents created).</summary>
    public static async Task AppendAsync(DovecotServer server, string user, string folder, string raw, MessageFlags flags = MessageFlags.None,
        DateTimeOffset? date = null, params string[] keywords)
    {
        using var client = await server.ConnectAsync(user);
        var target = await FolderAsync(client, folder, create: true);
        var message = MimeKit.MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw)));
        var request = new AppendRequest(message, flags, keywords);
        if (date is not null) request.InternalDate = date;
        await target!.AppendAsync(request);
        await client.DisconnectAsync(true);
    }

    /// <summary>The folder ("/"-separated, no prefix) of a connected account, created when asked.</summary>
    public static async Task<IMailFolder?> FolderAsync(ImapClient client, string folder, bool create = false)
    {
        if (folder.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return client.Inbox;
        var ns = client.PersonalNamespaces[0];
        var target = client.GetFolder(ns);
        foreach (var part in folder.Split('/'))
        {
            string path = target.FullName.Length == 0 ? part : target.FullName + ns.DirectorySeparator + part;
            try { target = await client.GetFolderAsync(path); }
            catch (FolderNotFoundException)
            {
                if (!create) return null;
                target = (await target.CreateAsync(part, true))!;
            }
        }
        return target;
    }

    /// <summary>The snapshot of a whole account.</summary>
    public static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var snap = await CorpusBuilder.SnapshotAsync(client);
        await client.DisconnectAsync(true);
        return snap;
    }

    /// <summary>Loads a corpus into a fresh account and returns the user.</summary>
    public static async Task<string> NewAccountAsync(DovecotServer server, string prefix, CorpusSpec? spec)
    {
        string user = TestUsers.Unique(prefix);
        if (spec is not null)
        {
            using var client = await server.ConnectAsync(user);
            await CorpusBuilder.LoadAsync(client, spec);
            await client.DisconnectAsync(true);
        }
        return user;
    }

    /// <summary>Messages of one folder: (subject, flags without \Recent, sorted keywords, internal date, raw bytes).</summary>
    public static async Task<List<(string Subject, MessageFlags Flags, string[] Keywords, DateTimeOffset Date, byte[] Raw)>> MessagesAsync(
        DovecotServer server, string user, string folder)
    {
        using var client = await server.ConnectAsync(user);
        var f = await FolderAsync(client, folder) ?? throw new InvalidOperationException($"no folder {folder}");
        await f.OpenAsync(FolderAccess.ReadOnly);
        var result = new List<(string, MessageFlags, string[], DateTimeOffset, byte[])>();
        if (f.Count > 0)
        {
            foreach (var s in await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate | MessageSummaryItems.Envelope))
            {
                using var stream = await f.GetStreamAsync(s.UniqueId, string.Empty);
                using var ms = new MemoryStream();
                await stream.CopyToAsync(ms);
                result.Add((s.Envelope?.Subject ?? "", (s.Flags ?? 0) & ~MessageFlags.Recent, s.Keywords.Order(StringComparer.Ordinal).ToArray(), s.InternalDate!.Value, ms.ToArray()));
            }
        }
        await client.DisconnectAsync(true);
        return result;
    }

    /// <summary>Runs python3 with a script and arguments; null when python3 is not installed.</summary>
    public static async Task<string?> PythonAsync(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception) { return null; }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new InvalidOperationException("python3 failed: " + await stderr);
            return await stdout;
        }
    }

    /// <summary>Asserts an exit code, showing the output when it differs.</summary>
    public static void AssertExit(ToolResult r, int code = 0) => Assert.True(r.ExitCode == code, r.ToString());

    /// <summary>A fresh temporary directory.</summary>
    public static string TempDir(string prefix) => Directory.CreateTempSubdirectory(prefix).FullName;
}
