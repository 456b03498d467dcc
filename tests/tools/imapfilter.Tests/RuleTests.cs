using ImapTools.TestBed;
using MailKit;

namespace ImapTools.Tools.ImapFilter.Tests;

/// <summary>Each rule kind against a seeded mailbox on a real Dovecot, checked with an independent client.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class RuleTests(DovecotPairFixture fx) : FilterTestBase(fx)
{
    private async Task<string> SeedInboxAsync()
    {
        string user = TestUsers.Unique("filter");
        await AppendAsync(Src, user, "INBOX", Mail("hello world"));
        await AppendAsync(Src, user, "INBOX", Mail("Say HELLO again"));
        await AppendAsync(Src, user, "INBOX", Mail("quarterly report", from: "Boss <boss@abc.com>"));
        await AppendAsync(Src, user, "INBOX", Mail("big one", bodyBytes: 6000));
        await AppendAsync(Src, user, "INBOX", Mail("other stuff"));
        await AppendAsync(Src, user, "INBOX", Mail("plain message"));
        // Already flagged \Deleted by the user: no rule matches it, and no EXPUNGE may take it away.
        await AppendAsync(Src, user, "INBOX", Mail("user deleted this"), MessageFlags.Deleted | MessageFlags.Seen);
        // Six more for the batching (-c 2): they all match the hello rule.
        for (int i = 0; i < 4; i++) await AppendAsync(Src, user, "INBOX", Mail($"hello batch {i}"));
        return user;
    }

    private string StandardRules() => Rules(
        "# a comment, then a blank line",
        "",
        "Subject\thello\tINBOX\tHelloBox",
        "From\t*abc.com\tINBOX\tABC",
        "Size\t>5000\tINBOX\tBig",
        "ISEARCH\t\"(SUBJECT other)\"\tINBOX\tSEARCHED");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Rule_set_moves_exactly_the_expected_messages_and_expunges_nothing_else(bool noMove)
    {
        string user = await SeedInboxAsync();
        var args = new List<string> { "-S", Src.Conn(user), "-r", StandardRules(), "-c", "2" };
        if (noMove) args.Add("--no-move");
        var r = await Filter([.. args]);
        AssertExit(r);

        Assert.Equal(["Say HELLO again", "hello batch 0", "hello batch 1", "hello batch 2", "hello batch 3", "hello world"], await SubjectsAsync(Src, user, "HelloBox"));
        Assert.Equal(["quarterly report"], await SubjectsAsync(Src, user, "ABC"));
        Assert.Equal(["big one"], await SubjectsAsync(Src, user, "Big"));
        Assert.Equal(["other stuff"], await SubjectsAsync(Src, user, "SEARCHED"));
        var inbox = (await MessagesAsync(Src, user, "INBOX"))!;
        Assert.Equal(["plain message", "user deleted this"], inbox.Select(m => m.Subject).ToArray());
        Assert.True(inbox.Single(m => m.Subject == "user deleted this").Flags.HasFlag(MessageFlags.Deleted));

        Assert.Contains("rule Subject\thello\tINBOX\tHelloBox", r.Lines);
        Assert.Contains("Checking for filter matches", r.Lines);
        Assert.Contains("There are 11 msgs in INBOX", r.Lines);
        Assert.Equal(6, r.Lines.Count(l => l == "   Message in INBOX matches rule: 'Subject hello INBOX HelloBox'"));
        Assert.Contains("   Moved 6 message(s) from INBOX to HelloBox ", r.Lines);
        Assert.Contains("   Moved 1 message(s) from INBOX to SEARCHED ", r.Lines);
        Assert.DoesNotContain(r.Lines, l => l.Contains("matches rule: 'ISEARCH", StringComparison.Ordinal));
        Assert.Contains("9 total messages moved", r.Lines);
        Assert.Equal("Done", r.Lines[^1]);
    }

    [Fact]
    public async Task Test_mode_reports_and_changes_nothing()
    {
        string user = await SeedInboxAsync();
        var before = await SnapshotAsync(Src, user);
        var r = await Filter("-S", Src.Conn(user), "-r", StandardRules(), "-t", "-c", "2");
        AssertExit(r);
        var after = await SnapshotAsync(Src, user);
        Assert.Empty(before.Diff(after));
        Assert.Equal(before.FolderNames, after.FolderNames);
        Assert.Contains("Running in test mode, no messages will actually be moved", r.Lines);
        Assert.Equal(6, r.Lines.Count(l => l == "   Message in INBOX matches rule: 'Subject hello INBOX HelloBox'"));
        Assert.DoesNotContain(r.Lines, l => l.StartsWith("   Moved", StringComparison.Ordinal));
        Assert.Contains("Would have moved 9 messages", r.Lines);
    }

    [Fact]
    public async Task Last_matching_rule_wins_unless_f()
    {
        string rules = Rules("Subject\tinvoice\tINBOX\tFirst", "From\tbilling@\tINBOX\tSecond");
        foreach (bool first in new[] { false, true })
        {
            string user = TestUsers.Unique("order");
            await AppendAsync(Src, user, "INBOX", Mail("invoice 42", from: "billing@shop.example"));
            await AppendAsync(Src, user, "INBOX", Mail("invoice only"));
            var r = await Filter(first ? ["-S", Src.Conn(user), "-r", rules, "-f"] : ["-S", Src.Conn(user), "-r", rules]);
            AssertExit(r);
            Assert.Equal(first ? ["invoice 42", "invoice only"] : ["invoice only"], await SubjectsAsync(Src, user, "First"));
            Assert.Equal(first ? [] : ["invoice 42"], await SubjectsAsync(Src, user, "Second"));
            Assert.Empty(await SubjectsAsync(Src, user, "INBOX"));
        }
    }

    [Fact]
    public async Task Copy_rule_keeps_the_original_and_a_move_rule_still_acts()
    {
        string user = TestUsers.Unique("copy");
        await AppendAsync(Src, user, "INBOX", Mail("news letter"));
        await AppendAsync(Src, user, "INBOX", Mail("news flash"));
        var r = await Filter("-S", Src.Conn(user), "-r", Rules("Subject\tnews\tINBOX\tCopies\tcopy", "Subject\tflash\tINBOX\tFlash"));
        AssertExit(r);
        Assert.Equal(["news flash", "news letter"], await SubjectsAsync(Src, user, "Copies"));
        Assert.Equal(["news flash"], await SubjectsAsync(Src, user, "Flash"));
        Assert.Equal(["news letter"], await SubjectsAsync(Src, user, "INBOX"));
    }

    [Fact]
    public async Task Date_rules_absolute_with_time_zones_and_relative_days()
    {
        string user = TestUsers.Unique("dates");
        var now = DateTimeOffset.Now;
        await AppendAsync(Src, user, "INBOX", Mail("exact instant", date: "Tue, 20 Sep 2011 21:57:09 -0600"));
        await AppendAsync(Src, user, "INBOX", Mail("same instant other zone", date: "Wed, 21 Sep 2011 03:57:09 +0000"));
        await AppendAsync(Src, user, "INBOX", Mail("old 2010", date: "Sat, 1 May 2010 12:00:00 +0200"));
        await AppendAsync(Src, user, "INBOX", Mail("new 2013", date: "Tue, 1 Jan 2013 12:00:00 +0000"));
        await AppendAsync(Src, user, "INBOX", Mail("unparseable", date: "sometime last week"));
        string recent = MimeKit.Utils.DateUtils.FormatDate(now.AddDays(-1));
        string old = MimeKit.Utils.DateUtils.FormatDate(now.AddDays(-100));
        await AppendAsync(Src, user, "Rel", Mail("delivered long ago", date: recent), internalDate: now.AddDays(-100));
        await AppendAsync(Src, user, "Rel", Mail("sent long ago", date: old), internalDate: now.AddDays(-1));
        await AppendAsync(Src, user, "Rel", Mail("fresh", date: recent), internalDate: now.AddDays(-1));
        string rules = Rules(
            "Date\t<01 Jan 2012 00:00:00 +0000\tINBOX\tOld",
            "Date\t\"=20 Sep 2011 21:57:09 -0600\"\tINBOX\tExact",
            "InternalDate\t<30\tRel\tOldInternal",
            "Date\t<30\tRel\tOldSent");
        var r = await Filter("-S", Src.Conn(user), "-r", rules);
        AssertExit(r);
        Assert.Equal(["exact instant", "same instant other zone"], await SubjectsAsync(Src, user, "Exact"));
        Assert.Equal(["old 2010"], await SubjectsAsync(Src, user, "Old"));
        Assert.Equal(["new 2013", "unparseable"], await SubjectsAsync(Src, user, "INBOX"));
        Assert.Equal(["delivered long ago"], await SubjectsAsync(Src, user, "OldInternal"));
        Assert.Equal(["sent long ago"], await SubjectsAsync(Src, user, "OldSent"));
        Assert.Equal(["fresh"], await SubjectsAsync(Src, user, "Rel"));
        Assert.Contains("   Message in INBOX matches rule: 'Date \"=20 Sep 2011 21:57:09 -0600\" INBOX Exact'", r.Lines);
    }

    [Fact]
    public async Task Flags_and_InternalDate_absolute_rules_are_answered_by_the_server()
    {
        string user = TestUsers.Unique("flags");
        await AppendAsync(Src, user, "INBOX", Mail("flagged one"), MessageFlags.Flagged);
        await AppendAsync(Src, user, "INBOX", Mail("labelled"), MessageFlags.Seen, null, "$Label1");
        await AppendAsync(Src, user, "INBOX", Mail("delivered 2015"), MessageFlags.Seen, new DateTimeOffset(2015, 6, 1, 12, 0, 0, TimeSpan.Zero));
        await AppendAsync(Src, user, "INBOX", Mail("untouched"), MessageFlags.Seen);
        var r = await Filter("-S", Src.Conn(user), "-r", Rules(
            "Flags\tFlagged\tINBOX\tStarred",
            "Flags\tlabel1\tINBOX\tLabelled",
            "InternalDate\t<01 Jan 2016 00:00:00 +0000\tINBOX\tArchive/2015"), "-I");
        AssertExit(r);
        Assert.Equal(["flagged one"], await SubjectsAsync(Src, user, "Starred"));
        Assert.Equal(["labelled"], await SubjectsAsync(Src, user, "Labelled"));
        Assert.Equal(["delivered 2015"], await SubjectsAsync(Src, user, "Archive/2015"));
        Assert.Equal(["untouched"], await SubjectsAsync(Src, user, "INBOX"));
        Assert.True(r.Lines.Any(l => l.StartsWith(">> ", StringComparison.Ordinal) && l.Contains("UID SEARCH", StringComparison.Ordinal) && l.EndsWith(" FLAGGED", StringComparison.Ordinal)), r.StdOut);
        Assert.True(r.Lines.Any(l => l.StartsWith(">> ", StringComparison.Ordinal) && l.Contains("UID SEARCH", StringComparison.Ordinal) && l.EndsWith(" BEFORE 1-Jan-2016", StringComparison.Ordinal)), r.StdOut);
    }

    [Fact]
    public async Task Header_rules_fetch_headers_in_batches_not_per_message()
    {
        string user = TestUsers.Unique("batch");
        for (int i = 0; i < 7; i++) await AppendAsync(Src, user, "INBOX", Mail($"item {i}", extraHeaders: i % 2 == 0 ? "X-Priority: 1\r\n" : ""));
        var r = await Filter("-S", Src.Conn(user), "-r", Rules("X-Priority\t^1\tINBOX\tUrgent"), "-c", "3", "-I");
        AssertExit(r);
        Assert.Equal(["item 0", "item 2", "item 4", "item 6"], await SubjectsAsync(Src, user, "Urgent"));
        // 7 messages in batches of 3: three header FETCH commands, each covering a range.
        Assert.Equal(3, r.Lines.Count(l => l.StartsWith(">> ", StringComparison.Ordinal) && l.Contains("FETCH", StringComparison.Ordinal) && l.Contains("HEADER.FIELDS", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rejected_ISEARCH_gets_a_per_rule_error_and_the_other_rules_still_run()
    {
        string user = TestUsers.Unique("isearch");
        await AppendAsync(Src, user, "INBOX", Mail("hello there"));
        await AppendAsync(Src, user, "INBOX", Mail("from tom", from: "tom@example.org"));
        var r = await Filter("-S", Src.Conn(user), "-r", Rules(
            "ISEARCH\t\"(XXXXTO foo)\"\tINBOX\tNever",
            "ISEARCH\t(FROM tom)\tINBOX\tTom",
            "Subject\thello\tINBOX\tHello"));
        AssertExit(r, 6);
        Assert.Contains("ISEARCH rule on line 1 rejected by the server, skipped: BAD", r.StdErr);
        Assert.Contains("(XXXXTO foo)", r.StdErr);
        Assert.Equal(["from tom"], await SubjectsAsync(Src, user, "Tom"));
        Assert.Equal(["hello there"], await SubjectsAsync(Src, user, "Hello"));
        Assert.Null(await MessagesAsync(Src, user, "Never"));
        Assert.Contains("2 total messages moved", r.Lines);
    }

    [Fact]
    public async Task Global_source_applies_to_every_mailbox_and_T_limits_it()
    {
        string rules = Rules("Subject\tspam\t*\tJunk");
        foreach (bool limited in new[] { false, true })
        {
            string user = TestUsers.Unique("global");
            foreach (string folder in new[] { "INBOX", "Work", "Work/Sub", "Other" })
            {
                await AppendAsync(Src, user, folder, Mail($"spam in {folder}"));
                await AppendAsync(Src, user, folder, Mail($"ham in {folder}"));
            }
            var r = await Filter(limited ? ["-S", Src.Conn(user), "-r", rules, "-T", "Work"] : ["-S", Src.Conn(user), "-r", rules]);
            AssertExit(r);
            Assert.Equal(limited ? ["spam in Work", "spam in Work/Sub"] : ["spam in INBOX", "spam in Other", "spam in Work", "spam in Work/Sub"],
                await SubjectsAsync(Src, user, "Junk"));
            Assert.Equal(limited ? ["ham in INBOX", "spam in INBOX"] : ["ham in INBOX"], await SubjectsAsync(Src, user, "INBOX"));
            if (limited) Assert.Contains("Applying the rule to Work and its subfolders", r.Lines);
            Assert.Contains("rule Subject\tspam\tWork/Sub\tJunk", r.Lines);
        }
    }

    [Fact]
    public async Task Remote_destination_delivers_to_the_second_server_before_removing_from_the_source()
    {
        string user = TestUsers.Unique("remote-src");
        string remoteUser = TestUsers.Unique("remote-dst");
        var date = new DateTimeOffset(2016, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));
        await AppendAsync(Src, user, "INBOX", Mail("to the archive"), MessageFlags.Seen | MessageFlags.Flagged, date, "$Important");
        await AppendAsync(Src, user, "INBOX", Mail("stays here"));
        var original = (await MessagesAsync(Src, user, "INBOX"))!.Single(m => m.Subject == "to the archive");
        var r = await Filter("-S", Src.Conn(user), "-r", Rules(
            $"RemoteServer: {Dst.Host}:{Dst.ImapPort}/{remoteUser}/{DovecotServer.Password}",
            $"Subject\tarchive\tINBOX\t{Dst.Host}:{Dst.ImapPort}:Archive"));
        AssertExit(r);
        Assert.DoesNotContain(DovecotServer.Password, r.StdOut);
        var remote = (await MessagesAsync(Dst, remoteUser, "Archive"))!;
        var copy = Assert.Single(remote);
        Assert.Equal(original.Raw, copy.Raw);
        Assert.Equal(MessageFlags.Seen | MessageFlags.Flagged, copy.Flags);
        Assert.Equal(date, copy.Date);
        Assert.Equal(["stays here"], await SubjectsAsync(Src, user, "INBOX"));
        Assert.Contains($"   Moved 1 message(s) from INBOX to {Dst.Host}:{Dst.ImapPort}:Archive ", r.Lines);
    }
}
