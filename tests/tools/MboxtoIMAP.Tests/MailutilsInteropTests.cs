using System.Diagnostics;
using ImapTools.TestBed;
using MailKit;
using static ImapTools.Tools.MboxTests.MboxTestHelpers;

namespace ImapTools.Tools.MboxToImap.Tests;

/// <summary>Interop with GNU Mailutils (Debian's mailutils): it reads the mboxes IMAPtoMbox writes, and the mboxes it writes import.</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class MailutilsInteropTests(DovecotMixedFixture fx)
{
    [Fact]
    public async Task Mailutils_reads_our_mbox_and_its_own_mbox_imports_with_the_same_messages_and_seen_flags()
    {
        if (!File.Exists("/usr/bin/mail") || !File.Exists("/usr/bin/frm"))
            throw new InvalidOperationException("GNU Mailutils is not installed (./build.sh deps installs mailutils)");
        string src = await NewAccountAsync(fx.Source, "mbxmu", CorpusSpec.Small);
        await AppendAsync(fx.Source, src, "INBOX", Mail("<mu-1@example.org>", "Read by mailutils"), MessageFlags.Seen, new DateTimeOffset(2019, 7, 1, 23, 30, 5, TimeSpan.Zero));
        var source = await MessagesAsync(fx.Source, src, "INBOX");
        string dir = TempDir("mbxmu");
        AssertExit(await ToolRunner.RunAsync("IMAPtoMbox", "-i", fx.Source.Conn(src), "-m", dir));
        string inbox = Path.Combine(dir, "INBOX");

        // mailutils lists every message of our file, and sees the same ones as unread (N/U in the status column).
        var headers = (await MailAsync(null, "-N", "-f", inbox, "-H")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(source.Count, headers.Length);
        Assert.Equal(source.Count(m => !m.Flags.HasFlag(MessageFlags.Seen)), headers.Count(h => h.Length > 1 && h[1] is 'N' or 'U'));

        // mailutils writes a new mbox of its own (its quoting, its Status/X-UID headers); it imports with the same messages and \Seen flags.
        string theirs = Path.Combine(dir, "FromMailutils");
        await MailAsync($"copy * {theirs}\nquit\n", "-N", "-f", inbox);
        Assert.True(File.Exists(theirs));
        string dst = TestUsers.Unique("mbxmud");
        AssertExit(await ToolRunner.RunAsync("MboxtoIMAP", "-i", fx.Destination.Conn(dst), "-f", theirs));
        var imported = await MessagesAsync(fx.Destination, dst, "FromMailutils");
        Assert.Equal(source.Select(m => (m.Subject, m.Flags.HasFlag(MessageFlags.Seen))).Order(), imported.Select(m => (m.Subject, m.Flags.HasFlag(MessageFlags.Seen))).Order());
    }

    private static async Task<string> MailAsync(string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/mail") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["MAIL"] = "/dev/null";
        psi.Environment["HOME"] = Path.GetTempPath();
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin);
        p.StandardInput.Close();
        await p.WaitForExitAsync();
        return await output + await error;
    }
}
