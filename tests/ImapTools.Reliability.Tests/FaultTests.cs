using ImapTools.TestBed;
using Xunit.Abstractions;

namespace ImapTools.Reliability.Tests;

/// <summary>
/// Issue 9 item 1: imapcopy, migrateIMAP and imapsync copy through <see cref="FaultProxy"/> proxies in front of both
/// servers while connections are cut, reset, stalled past the timeout, ended with <c>* BYE</c>, and commands are
/// answered with throttling replies. Each run must reconnect, resume, and leave the destination identical to the
/// source (bytes, flags, keywords, internal dates, folders) with no message missing and none twice.
/// </summary>
[Collection(DovecotCollections.Pair)]
public sealed class FaultTests(DovecotPairFixture fx, ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imaptools-fault-").FullName;
    /// <summary>About 60 messages per folder, so a folder takes two APPEND batches and a fault can fall between them.</summary>
    private static readonly CorpusSpec Corpus = new()
    {
        Seed = 9001, MessageCount = 240, MaxAttachmentBytes = 24 * 1024,
        Folders = ["INBOX", "Sent", "Archive/2019/Q1", "Café/Menü"],
    };

    /// <summary>Fast retries for tests: 10 retries, 0.2 s first wait, 3 s timeout (a stall of 8 s is a lost connection).</summary>
    private static readonly string[] Patient = ["--retries", "10", "--retry-wait", "0.2"];

    private async Task<(string User, long Bytes)> LoadSourceAsync(string prefix)
    {
        string user = TestUsers.Unique(prefix);
        using var client = await fx.Source.ConnectAsync(user);
        var corpus = await CorpusBuilder.LoadAsync(client, Corpus);
        await client.DisconnectAsync(true);
        return (user, corpus.Messages.Sum(m => (long)m.ServerBytes.Length));
    }

    private static async Task<MailboxSnapshot> SnapshotAsync(DovecotServer server, string user)
    {
        using var client = await server.ConnectAsync(user);
        var snap = await CorpusBuilder.SnapshotAsync(client);
        await client.DisconnectAsync(true);
        return snap;
    }

    /// <summary>The connection string of <paramref name="user"/> through <paramref name="proxy"/>.</summary>
    private static string Conn(FaultProxy proxy, string user) => $"127.0.0.1:{proxy.Port}/{user}/{DovecotServer.Password}";

    /// <summary>Faults spread over a copy of <paramref name="bytes"/> bytes: every kind on the source (reads) and on the destination (appends).</summary>
    private static int ArmMixedFaults(FaultProxy source, FaultProxy destination, long bytes)
    {
        long step = bytes / 7;
        source.Arm(Fault.CutAfter(step));
        source.Arm(Fault.Answer(@"^UID FETCH .*BODY", "NO Request is throttled. Suggested Backoff Time: 300 milliseconds"));
        source.Arm(Fault.ResetAfter(step));
        source.Arm(Fault.ByeAfter(step));
        source.Arm(Fault.StallAfter(step, TimeSpan.FromSeconds(8)));
        destination.Arm(Fault.CutAfter(step, FaultDirection.ClientToServer));
        destination.Arm(Fault.Answer(@"^APPEND ", "NO [THROTTLED] Too many appends, slow down"));
        destination.Arm(Fault.ResetAfter(step, FaultDirection.ClientToServer));
        // The server stores a whole batch but the reply is lost: the retry must find it, not append it again.
        destination.Arm(Fault.LoseReply(@"^APPEND "));
        return 9;
    }

    private void Report(string what, ToolResult r, FaultProxy source, FaultProxy destination)
    {
        output.WriteLine($"{what}: exit {r.ExitCode}; faults fired {source.Injected + destination.Injected} " +
                         $"(source {source.Injected}, destination {destination.Injected}), connections {source.Connections}+{destination.Connections}, " +
                         $"not fired {source.Pending + destination.Pending}");
        output.WriteLine(r.ToString());
    }

    private static void AssertSame(MailboxSnapshot source, MailboxSnapshot destination)
    {
        var diff = source.Diff(destination);
        Assert.True(diff.Count == 0, $"{diff.Count} differences:\n" + string.Join("\n", diff.Take(20)));
        Assert.Equal(source.MessageCount, destination.MessageCount);
    }

    private static int Count(string text, string needle)
    {
        int n = 0;
        for (int i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    [Fact]
    public async Task Imapcopy_reconnects_and_resumes_through_cuts_resets_stalls_bye_and_throttling()
    {
        var (user, bytes) = await LoadSourceAsync("fault-copy");
        await using var src = FaultProxy.Start(fx.Source.ImapPort);
        await using var dst = FaultProxy.Start(fx.Destination.ImapPort);
        int armed = ArmMixedFaults(src, dst, bytes);

        var r = await ToolRunner.RunAsync("imapcopy",
            ["-S", Conn(src, user), "-D", Conn(dst, user), "-t", "3", .. Patient]);
        Report("imapcopy", r, src, dst);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(armed, src.Injected + dst.Injected);
        AssertSame(await SnapshotAsync(fx.Source, user), await SnapshotAsync(fx.Destination, user));
        string all = r.StdOut + r.StdErr;
        Assert.True(Count(all, "Connection lost while") >= 7, all);
        Assert.Matches(@"Resuming .*: [1-9][0-9]* messages were already on the destination", all);
        Assert.Contains("asks to slow down", all);
        Assert.Contains("waiting 300 ms", all);
        Assert.DoesNotContain("Unhandled", all);
    }

    [Fact]
    public async Task Imapcopy_goes_on_when_one_destination_folder_cannot_be_created_while_its_source_listing_runs()
    {
        // The source folder is listed on its connection while the destination folder is created on the other; when the
        // CREATE is refused, the listing is waited for and dropped, and the next folders use the source connection.
        var (user, _) = await LoadSourceAsync("fault-create");
        await using var src = FaultProxy.Start(fx.Source.ImapPort);
        await using var dst = FaultProxy.Start(fx.Destination.ImapPort);
        dst.Arm(Fault.Answer(@"^CREATE ""?Sent""?$", "NO [CANNOT] Mailbox name refused by policy"));

        var r = await ToolRunner.RunAsync("imapcopy",
            ["-S", Conn(src, user), "-D", Conn(dst, user)]);
        Report("imapcopy", r, src, dst);

        Assert.Equal(1, dst.Injected);
        Assert.True(r.ExitCode == 6, r.ToString()); // partial: one folder failed
        string all = r.StdOut + r.StdErr;
        Assert.Contains("Error creating Sent: No Mailbox name refused by policy", all);
        Assert.DoesNotContain("Unhandled", all);
        var source = await SnapshotAsync(fx.Source, user);
        var destination = await SnapshotAsync(fx.Destination, user);
        Assert.DoesNotContain("Sent", destination.FolderNames);
        // Every other folder arrived whole.
        var expected = new MailboxSnapshot(source.Folders.Where(kv => kv.Key != "Sent").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        Assert.Empty(expected.Diff(destination, folderFilter: f => f != "Sent"));
        Assert.True(expected.MessageCount > 0);
    }

    [Fact]
    public async Task Imapcopy_with_parallel_folders_survives_faults_on_every_worker()
    {
        var (user, bytes) = await LoadSourceAsync("fault-par");
        await using var src = FaultProxy.Start(fx.Source.ImapPort);
        await using var dst = FaultProxy.Start(fx.Destination.ImapPort);
        int armed = ArmMixedFaults(src, dst, bytes);

        var r = await ToolRunner.RunAsync("imapcopy",
            ["-S", Conn(src, user), "-D", Conn(dst, user), "-t", "3", "-Y", "4", .. Patient]);
        Report("imapcopy -Y 4", r, src, dst);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(armed, src.Injected + dst.Injected);
        AssertSame(await SnapshotAsync(fx.Source, user), await SnapshotAsync(fx.Destination, user));
    }

    [Fact]
    public async Task Imapcopy_gives_up_after_its_retries_and_a_U_rerun_completes_without_duplicates()
    {
        var (user, bytes) = await LoadSourceAsync("fault-giveup");
        await using var src = FaultProxy.Start(fx.Source.ImapPort);
        await using var dst = FaultProxy.Start(fx.Destination.ImapPort);
        dst.Arm(Fault.CutAfter(bytes / 3, FaultDirection.ClientToServer));
        string[] conn = ["-S", Conn(src, user), "-D", Conn(dst, user)];

        var failed = await ToolRunner.RunAsync("imapcopy", [.. conn, "--retries", "0"]);
        Report("imapcopy --retries 0", failed, src, dst);
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("Lost the connection", failed.StdErr + failed.StdOut);
        Assert.DoesNotContain("   at ", failed.StdErr);
        var partial = await SnapshotAsync(fx.Destination, user);
        Assert.InRange(partial.MessageCount, 1, Corpus.MessageCount - 1);

        var rerun = await ToolRunner.RunAsync("imapcopy", [.. conn, "-U"]);
        Report("imapcopy -U", rerun, src, dst);
        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        AssertSame(await SnapshotAsync(fx.Source, user), await SnapshotAsync(fx.Destination, user));
    }

    [Fact]
    public async Task MigrateIMAP_reconnects_each_user_and_resumes()
    {
        var users = new List<(string User, long Bytes)>();
        for (int i = 0; i < 2; i++) users.Add(await LoadSourceAsync($"fault-mig{i}"));
        string usersFile = Path.Combine(_dir, "users");
        await File.WriteAllLinesAsync(usersFile, users.Select(u => $"{u.User}:{DovecotServer.Password}:{u.User}:{DovecotServer.Password}"));
        await using var src = FaultProxy.Start(fx.Source.ImapPort);
        await using var dst = FaultProxy.Start(fx.Destination.ImapPort);
        int armed = ArmMixedFaults(src, dst, users.Sum(u => u.Bytes));

        var r = await ToolRunner.RunAsync("migrateIMAP",
            ["-S", $"127.0.0.1:{src.Port}", "-D", $"127.0.0.1:{dst.Port}", "-i", usersFile, "-t", "3", "--state", Path.Combine(_dir, "state"), .. Patient]);
        Report("migrateIMAP", r, src, dst);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(armed, src.Injected + dst.Injected);
        foreach (var (user, _) in users)
            AssertSame(await SnapshotAsync(fx.Source, user), await SnapshotAsync(fx.Destination, user));
    }

    [Fact]
    public async Task Imapsync_reconnects_and_converges()
    {
        var (user, bytes) = await LoadSourceAsync("fault-sync");
        await using var src = FaultProxy.Start(fx.Source.ImapPort);
        await using var dst = FaultProxy.Start(fx.Destination.ImapPort);
        int armed = ArmMixedFaults(src, dst, bytes);

        var r = await ToolRunner.RunAsync("imapsync",
            ["-S", Conn(src, user), "-D", Conn(dst, user), "--timeout", "3", .. Patient]);
        Report("imapsync", r, src, dst);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(armed, src.Injected + dst.Injected);
        // imapsync leaves out source messages flagged \Deleted (they count as gone).
        var source = await SnapshotAsync(fx.Source, user);
        var live = new MailboxSnapshot(source.Folders.ToDictionary(f => f.Key,
            f => (IReadOnlyList<MessageSnapshot>)f.Value.Where(m => !m.Flags.HasFlag(MailKit.MessageFlags.Deleted)).ToList()));
        AssertSame(live, await SnapshotAsync(fx.Destination, user));
    }

    [Fact]
    public async Task A_suggested_backoff_is_waited_for_as_the_server_asks()
    {
        var (user, _) = await LoadSourceAsync("fault-throttle");
        await using var src = FaultProxy.Start(fx.Source.ImapPort);
        await using var dst = FaultProxy.Start(fx.Destination.ImapPort);
        src.Arm(Fault.Answer(@"^UID FETCH .*BODY", "NO Request is throttled. Suggested Backoff Time: 1500 milliseconds"));
        dst.Arm(Fault.Answer(@"^APPEND ", "NO [THROTTLED] Please slow down"));

        var r = await ToolRunner.RunAsync("imapcopy",
            ["-S", Conn(src, user), "-D", Conn(dst, user), .. Patient]);
        Report("imapcopy throttled", r, src, dst);

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(2, src.Injected + dst.Injected);
        string all = r.StdOut + r.StdErr;
        Assert.Contains("waiting 1.5 s", all);
        Assert.Equal(2, Count(all, "asks to slow down"));
        Assert.DoesNotContain("Connection lost", all);
        // Throttling is not a lost connection: no reconnect, one connection per side (plus the TLS probe).
        Assert.True(src.Connections <= 2 && dst.Connections <= 2, $"{src.Connections} {dst.Connections}");
        AssertSame(await SnapshotAsync(fx.Source, user), await SnapshotAsync(fx.Destination, user));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }
}
