using ImapTools.TestBed;
using ImapTools.Tools.ImapSync.Tests;
using MailKit;

namespace ImapTools.Tools.ImapAudit.Tests;

/// <summary>imap_audit with real argv against two Dovecot servers seeded with an independent client.</summary>
[Collection(DovecotCollections.Pair)]
public class AuditTests(DovecotPairFixture servers) : SyncTestBase(servers)
{
    private static Task<ToolResult> Audit(params string[] args) => ToolRunner.RunAsync("imap_audit", args);

    private async Task<(string S, string D)> SeededAsync()
    {
        string s = TestUsers.Unique("asrc"), d = TestUsers.Unique("adst");
        await AppendAsync(Src, s, "INBOX", Mail("m1@t", "first"));
        await AppendAsync(Src, s, "INBOX", Mail("m2@t", "second"), MessageFlags.Seen);
        await AppendAsync(Src, s, "INBOX", Mail("", "third without id"));
        await AppendAsync(Src, s, "INBOX", Mail("m4@t", "fourth"));
        await AppendAsync(Src, s, "Sent", Mail("s1@t", "sent one"));
        await AppendAsync(Dst, d, "INBOX", Mail("m1@t", "first"));
        await AppendAsync(Dst, d, "INBOX", Mail("m2@t", "second"), MessageFlags.Seen);
        await AppendAsync(Dst, d, "Sent", Mail("s1@t", "sent one"));
        await AppendAsync(Dst, d, "Extra", Mail("x1@t", "only on the destination"));
        return (s, d);
    }

    [Fact]
    public async Task Report_lines_and_totals_are_exact()
    {
        var (s, d) = await SeededAsync();
        var r = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(r);
        string expected = $"""
            imap_audit starting

            Auditing {s}
               There are 4 messages in INBOX on the source
               There are 2 messages missing from INBOX on the destination
                  third without id
                  fourth
               There are 1 messages in Sent on the source
               There are no missing messages on the destination
            Total messages    5
            Missing messages  2

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), r.StdOut);

        r = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d), "-R", "-m", "INBOX");
        AssertOk(r);
        Assert.Contains("      fourth   *** <m4@t> \n", r.StdOut);
        Assert.Contains("      third without id   *** Mon01Jan2018100000thirdwithoutida@example.org \n", r.StdOut);
        Assert.DoesNotContain("Sent", r.StdOut);
    }

    [Fact]
    public async Task Reports_exactly_the_messages_removed_from_the_destination()
    {
        string s = TestUsers.Unique("asrc"), d = TestUsers.Unique("adst");
        var spec = CorpusSpec.Small with { MessageCount = 12 };
        using (var c = await Src.ConnectAsync(s)) await CorpusBuilder.LoadAsync(c, spec);
        using (var c = await Dst.ConnectAsync(d)) await CorpusBuilder.LoadAsync(c, spec);
        var r = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d), "--content");
        AssertOk(r);
        Assert.Contains("Missing messages  0", r.StdOut);
        Assert.Contains("Different messages 0", r.StdOut);

        var removed = new List<string>();
        await WithFolderAsync(Dst, d, "INBOX", async f =>
        {
            var all = await f.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope);
            var victims = new[] { all[1], all[^1] };
            foreach (var m in victims) removed.Add($"<{m.Envelope!.MessageId}>");
            var uids = victims.Select(m => m.UniqueId).ToList();
            await f.AddFlagsAsync(uids, MessageFlags.Deleted, true);
            await f.ExpungeAsync(uids);   // UID EXPUNGE: the corpus also holds a message flagged \Deleted
        });
        r = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d), "-R");
        AssertOk(r);
        var reported = r.Lines.Where(l => l.Contains(" *** ")).Select(l => l.Split(" *** ")[1].Trim()).Order().ToArray();
        Assert.Equal(removed.Order().ToArray(), reported);
        Assert.Contains("   There are 2 messages missing from INBOX on the destination", r.StdOut);
        Assert.Contains("Missing messages  2", r.StdOut);
    }

    [Fact]
    public async Task Content_option_detects_changed_body_and_flags_and_exits_non_zero()
    {
        string s = TestUsers.Unique("asrc"), d = TestUsers.Unique("adst");
        await AppendAsync(Src, s, "INBOX", Mail("same@t", "same"), MessageFlags.Seen, null, "Work");
        await AppendAsync(Src, s, "INBOX", Mail("body@t", "body changed", "original body"));
        await AppendAsync(Src, s, "INBOX", Mail("flag@t", "flag changed"), MessageFlags.Flagged);
        await AppendAsync(Dst, d, "INBOX", Mail("same@t", "same"), MessageFlags.Seen, null, "WORK");
        await AppendAsync(Dst, d, "INBOX", Mail("body@t", "body changed", "tampered body"));
        await AppendAsync(Dst, d, "INBOX", Mail("flag@t", "flag changed"), MessageFlags.Seen);

        var plain = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(plain);   // presence only: nothing missing, legacy exit 0
        Assert.Contains("   There are no missing messages on the destination", plain.StdOut);

        var r = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d), "--content");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("   There are 2 messages different in INBOX on the destination", r.StdOut);
        Assert.Contains("      body changed   (content differs)", r.StdOut);
        Assert.Contains("      flag changed   (flags differ: source (\\Flagged) destination (\\Seen))", r.StdOut);
        Assert.DoesNotContain("      same   (", r.StdOut);
        Assert.Contains("Different messages 2", r.StdOut);

        // Missing alone also fails with --content.
        await AppendAsync(Src, s, "INBOX", Mail("new@t", "not copied"));
        await WithFolderAsync(Dst, d, "INBOX", async f =>
        {
            await f.ReplaceAsync(await UidAsync(f, "body changed"), MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Mail("body@t", "body changed", "original body")))));
            await f.SetFlagsAsync(await UidAsync(f, "flag changed"), MessageFlags.Flagged, true);
        });
        r = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d), "--content");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Missing messages  1", r.StdOut);
        Assert.Contains("Different messages 0", r.StdOut);
    }

    [Fact]
    public async Task Count_mode_dates_and_synthetic_keys()
    {
        var (s, d) = await SeededAsync();
        var r = await Audit("-S", Src.Conn(s), "-D", Dst.Conn(d), "-n");
        AssertOk(r);
        Assert.Contains("INBOX\n   Number of source msgs = 4\n   Number of dest msgs   = 2\n", r.StdOut);
        Assert.DoesNotContain("Sent\n", r.StdOut);

        string s2 = TestUsers.Unique("asrc"), d2 = TestUsers.Unique("adst");
        await AppendAsync(Src, s2, "INBOX", Mail("old@t", "old"), date: new DateTimeOffset(2010, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await AppendAsync(Src, s2, "INBOX", Mail("new@t", "new"), date: new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        r = await Audit("-S", Src.Conn(s2), "-D", Dst.Conn(d2), "-A", "01/Jan/2015");
        AssertOk(r);
        Assert.Contains("   There are 1 messages in INBOX on the source", r.StdOut);
        Assert.Contains("      new\n", r.StdOut);
        r = await Audit("-S", Src.Conn(s2), "-D", Dst.Conn(d2), "-B", "01-Jan-2015");
        Assert.Contains("      old\n", r.StdOut);
        Assert.DoesNotContain("      new\n", r.StdOut);

        // -g: Date (zone dropped, day padded) + Subject + From; a different Message-ID no longer matters.
        string s3 = TestUsers.Unique("asrc"), d3 = TestUsers.Unique("adst");
        await AppendAsync(Src, s3, "INBOX", Mail("a@src", "rewritten", date: "Mon, 1 Jan 2018 10:00:00 +0000"));
        await AppendAsync(Dst, d3, "INBOX", Mail("b@dst", "rewritten", date: "Mon, 01 Jan 2018 10:00:00 -0500"));
        r = await Audit("-S", Src.Conn(s3), "-D", Dst.Conn(d3));
        Assert.Contains("Missing messages  1", r.StdOut);
        r = await Audit("-S", Src.Conn(s3), "-D", Dst.Conn(d3), "-g");
        Assert.Contains("Generating dummy message-ids for each message", r.StdOut);
        Assert.Contains("Missing messages  0", r.StdOut);
    }

    [Fact]
    public async Task Users_file_audits_every_pair()
    {
        var (s1, d1) = await SeededAsync();
        var (s2, d2) = await SeededAsync();
        string users = Path.Combine(Path.GetTempPath(), $"ausers-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(users, $"# pairs\n{s1}:{DovecotServer.Password}:{d1}:{DovecotServer.Password}\r\n\n {s2}:{DovecotServer.Password}:{d2}:{DovecotServer.Password}\n");
        var r = await Audit("-S", $"{Src.Host}:{Src.ImapPort}", "-D", $"{Dst.Host}:{Dst.ImapPort}", "-u", users);
        AssertOk(r);
        Assert.Contains($"Auditing {s1}\n", r.StdOut);
        Assert.Contains($"Auditing {s2}\n", r.StdOut);
        Assert.Equal(2, r.Lines.Count(l => l == "Missing messages  2"));
    }

    [Theory]
    [InlineData("-A", "32-Jan-2015", "32-Jan-2015 is not a valid date in the required DD-MMM-YYYY format.")]
    [InlineData("-B", "01/Jan/1900", "01-Jan-1900 is not a valid date in the required DD-MMM-YYYY format.")]
    [InlineData("-A", "01-Foo-2015", "01-Foo-2015 is not a valid date")]
    [InlineData("-S", "/u/p", "has no host name")]
    [InlineData("-D", "h:0/u/p", "invalid port")]
    [InlineData("-a", "masterpw", "not supported")]
    public async Task Bad_values_are_usage_errors(string flag, string value, string message)
    {
        var args = new List<string> { "-S", Src.Conn("u1"), "-D", Dst.Conn("u2") };
        int at = args.IndexOf(flag);
        if (at >= 0) args[at + 1] = value; else args.AddRange([flag, value]);
        var r = await ToolRunner.RunAsync("imap_audit", args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public async Task Missing_users_file_login_failure_and_usage()
    {
        var r = await Audit("-S", Src.Host, "-D", Dst.Host, "-u", "/nonexistent/users");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("Error opening users file /nonexistent/users", r.StdErr);

        r = await Audit("-S", $"{Src.Host}:{Src.ImapPort}/someone/wrong", "-D", Dst.Conn("u2"));
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("unexpected LOGIN response", r.StdErr);
        Assert.DoesNotContain("wrong", r.StdErr + r.StdOut);

        r = await Audit("-h");
        AssertOk(r);
        Assert.StartsWith("usage:\n imap_audit.pl -S sourceHost/sourceUser/sourcePassword\n               -D destHost/destUser/destPassword", r.StdOut);
    }
}

/// <summary>Slash source, "INBOX." dot destination: folder names are translated before comparing.</summary>
[Collection(DovecotCollections.Mixed)]
public class MixedNamespaceAuditTests(DovecotMixedFixture servers) : SyncTestBase(servers)
{
    [Fact]
    public async Task Audit_between_namespaces_finds_nothing_missing_then_the_removed_folder()
    {
        string s = TestUsers.Unique("asrc"), d = TestUsers.Unique("adst");
        var spec = CorpusSpec.Small with { Folders = ["INBOX", "Archive/2019", "Sent Items"] };
        using (var c = await Src.ConnectAsync(s)) await CorpusBuilder.LoadAsync(c, spec);
        using (var c = await Dst.ConnectAsync(d)) await CorpusBuilder.LoadAsync(c, spec);
        var r = await ToolRunner.RunAsync("imap_audit", "-S", Src.Conn(s), "-D", Dst.Conn(d), "--content");
        AssertOk(r);
        Assert.Contains("Missing messages  0", r.StdOut);
        Assert.DoesNotContain("messages missing", r.StdOut);
    }
}
