using System.Text.RegularExpressions;
using ImapTools.TestBed;

namespace ImapTools.Reliability.Tests;

/// <summary>
/// Issue 9 item 4: bad command lines and bad files. Every case must end with one stderr line naming the problem, a
/// non-zero exit, no stack trace, and no login on the test-bed servers its connection flags point at.
/// </summary>
[Collection(DovecotCollections.Pair)]
public sealed partial class BadInputTests(DovecotPairFixture fx) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("imaptools-badinput-").FullName;

    /// <summary>
    /// (tool, argv joined by spaces, expected stderr substring (case-insensitive), expected exit code).
    /// Placeholders: {S}/{D} a connection string host:port/user/secret to the source/destination test-bed server for a
    /// fresh user, {SH}/{DH} host:port only, {U} that user, {DIR} a scratch folder, {NODIR} a folder that does not
    /// exist, {NOFILE} a file that does not exist, {BADUSERS} a users file with a malformed line, {BADMAP} a map file
    /// with a malformed line, {BADRULES} a malformed imapfilter rules file, {MBOX} an empty mbox file.
    /// A directory given where a file is expected stands in for an unreadable file (the tests run as root).
    /// </summary>
    public static TheoryData<string, string, string, int> Cases => new()
    {
        // imapcopy
        { "imapcopy", "", "-S is required", 2 },
        { "imapcopy", "-D {D}", "-S is required", 2 },
        { "imapcopy", "-S /{U}/secret -D {D}", "-S has no host name", 2 },
        { "imapcopy", "-S 127.0.0.1:notaport/{U}/secret -D {D}", "-S has an invalid port 'notaport'", 2 },
        { "imapcopy", "-S 127.0.0.1:70000/{U}/secret -D {D}", "-S has an invalid port '70000'", 2 },
        { "imapcopy", "-S {S} -D 127.0.0.1:-5/{U}/secret", "-D has an invalid port '-5'", 2 },
        { "imapcopy", "-S {S} -D {D} -a 32-Jan-2020", "DD-MMM-YYYY", 2 },
        { "imapcopy", "-S {S} -D {D} -b yesterday", "DD-MMM-YYYY", 2 },
        { "imapcopy", "-S {S} -D {D} -M {NOFILE}", "map file", 5 },
        { "imapcopy", "-S {S} -D {D} -M {BADMAP}", "Invalid line 2 in mbx map file", 5 },
        { "imapcopy", "-S {S} -D {D} -M {DIR}", "map file", 5 },
        { "imapcopy", "-S {S} -D {D} -Z {NODIR}", "-Z", 5 },
        { "imapcopy", "-S {S} -D {D} -t soon", "timeout", 2 },
        { "imapcopy", "-S {S} -D {D} -B first", "first message number", 2 },
        { "imapcopy", "-S {S} -D {D} -9", "Unknown option: 9", 2 },
        { "imapcopy", "-S {S} -D {D} --no-such-flag", "no-such-flag", 2 },
        { "imapcopy", "-S {S} -D {D} -L {NODIR}/log.txt", "log", 5 },
        // migrateIMAP
        { "migrateIMAP", "-D {DH} -i {USERS}", "-S", 2 },
        { "migrateIMAP", "-S {SH} -i {USERS}", "-D", 2 },
        { "migrateIMAP", "-S {SH} -D {DH} -i {NOFILE}", "Fatal error reading", 5 },
        { "migrateIMAP", "-S {SH} -D {DH} -i {BADUSERS}", "line 2", 5 },
        { "migrateIMAP", "-S {SH} -D {DH} -i {DIR}", "Fatal error reading", 5 },
        { "migrateIMAP", "-S 127.0.0.1:port -D {DH} -i {USERS}", "invalid port", 2 },
        { "migrateIMAP", "-S {SH} -D {DH} -i {USERS} -a 2020-01-01", "DD-MMM-YYYY", 2 },
        { "migrateIMAP", "-S {SH} -D {DH} -i {USERS} -M {NOFILE}", "map file", 5 },
        { "migrateIMAP", "-S {SH} -D {DH} -i {USERS} -n many", "many", 2 },
        // imapsync
        { "imapsync", "-D {D}", "-S is required", 2 },
        { "imapsync", "-S {S}", "-D", 2 },
        { "imapsync", "-S {S} -D 127.0.0.1:99999/{U}/secret", "-D has an invalid port", 2 },
        { "imapsync", "-S {S} -D {D} -s 31-Foo-2020", "31-Foo-2020", 2 },
        { "imapsync", "-S {S} -D {D} -M {BADMAP}", "Invalid line 2", 5 },
        { "imapsync", "-S {SH} -D {DH} -u {NOFILE}", "users", 5 },
        { "imapsync", "-S {S} -D {D} -i {NOFILE}", "nofile", 5 },
        { "imapsync", "-S {S} -D {D} -K", "Unknown option: K", 2 },
        // imap_audit
        { "imap_audit", "-D {D}", "-S", 2 },
        { "imap_audit", "-S {S} -D {D} -A 1-Jan-20", "DD-MMM-YYYY", 2 },
        { "imap_audit", "-S {S} -D {D} -B notadate", "DD-MMM-YYYY", 2 },
        { "imap_audit", "-S {SH} -D {DH} -u {BADUSERS}", "line 2", 5 },
        { "imap_audit", "-S {S} -D {D} -M {NOFILE}", "map file", 5 },
        // imapdump
        { "imapdump", "-S {S}", "-f", 2 },
        { "imapdump", "-f {DIR}", "-S", 2 },
        { "imapdump", "-S {S} -f {DIR} -a 99-Abc-2020", "99-Abc-2020", 2 },
        { "imapdump", "-S {SH} -f {DIR} -l {NOFILE}", "nofile", 5 },
        { "imapdump", "-S 127.0.0.1:0x10/{U}/secret -f {DIR}", "invalid port", 2 },
        // dumptoIMAP
        { "dumptoIMAP", "-i {S} -D {NODIR}", "nodir", 5 },
        { "dumptoIMAP", "-D {DIR}", "-i", 2 },
        { "dumptoIMAP", "-i 127.0.0.1:abc/{U}/secret -D {DIR}", "invalid port", 2 },
        // MboxtoIMAP
        { "MboxtoIMAP", "-i {S} -f {NOFILE}", "nofile", 5 },
        { "MboxtoIMAP", "-i {S} -m {NODIR}", "nodir", 5 },
        { "MboxtoIMAP", "-f {MBOX}", "-i", 2 },
        { "MboxtoIMAP", "-i {S} -f {MBOX} -r ten", "ten", 2 },
        // IMAPtoMbox
        { "IMAPtoMbox", "-m {DIR}", "-i", 2 },
        { "IMAPtoMbox", "-i {S}", "-m", 2 },
        { "IMAPtoMbox", "-i 127.0.0.1:1234567/{U}/secret -m {DIR}", "invalid port", 2 },
        // imapfilter
        { "imapfilter", "-S {S} -r {NOFILE}", "nofile", 5 },
        { "imapfilter", "-S {S} -r {BADRULES}", "line", 5 },
        { "imapfilter", "-S {S} -r {DIR}", "rules", 5 },
        { "imapfilter", "-S {S} -r {BADRULES} -c lots", "lots", 2 },
        // delIMAPdups
        { "delIMAPdups", "", "-S", 2 },
        { "delIMAPdups", "-S {S} -r 10-x", "10-x", 2 },
        { "delIMAPdups", "-S {SH} -i {NOFILE}", "nofile", 5 },
        // trash
        { "trash", "", "-S", 2 },
        { "trash", "-S 127.0.0.1:x1/{U}/secret", "invalid port", 2 },
        { "trash", "-S {SH} -i {NOFILE}", "nofile", 5 },
        // list_imap_folders
        { "list_imap_folders", "-S {S} -U big", "size in bytes", 2 },
        { "list_imap_folders", "-S {SH} -l {NOFILE}", "nofile", 5 },
        // imapCapability / imapPing
        { "imapCapability", "-h 127.0.0.1:port -u {U} -p secret", "port", 2 },
        { "imapPing", "-h 127.0.0.1:65536 -u {U} -p secret", "port", 2 },
        // imap_to_maildir / maildir_to_imap / thunderbird_to_imap
        { "imap_to_maildir", "-S {S}", "-M", 2 },
        { "imap_to_maildir", "-S {S} -M {DIR}/md -a 2020/01/01", "DD-MMM-YYYY", 2 },
        { "maildir_to_imap", "-D {DH} -i {NOFILE}", "nofile", 5 },
        { "maildir_to_imap", "-D {DH} -i {BADUSERS}", "not in maildir,user,password format", 5 },
        { "thunderbird_to_imap", "-i {S} -m {NODIR}", "nodir", 5 },
        // delete_imap_mailboxes / purgeMbx / imap_search
        { "delete_imap_mailboxes", "-S {S}", "-m", 2 },
        { "delete_imap_mailboxes", "-S {S} -m (unclosed", "(unclosed", 2 },
        { "purgeMbx", "-s {S}", "-m", 2 },
        { "purgeMbx", "-m INBOX", "-s", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_gives_one_line_and_no_login(string tool, string argv, string expected, int exitCode)
    {
        string user = TestUsers.Unique("bad-" + tool);
        var args = argv.Length == 0 ? [] : argv.Split(' ').Select(a => Expand(a, user)).ToArray();
        var result = await ToolRunner.RunAsync(tool, args, null, workingDirectory: _dir, timeout: TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        string[] errLines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int naming = errLines.Count(l => l.Contains(expected, StringComparison.OrdinalIgnoreCase));
        Assert.True(naming == 1, $"expected one stderr line containing '{expected}': {result}");
        string all = result.StdOut + result.StdErr;
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.False(ExceptionName().IsMatch(all), $"an exception type name was printed: {result}");
        Assert.DoesNotContain("internal error", all, StringComparison.OrdinalIgnoreCase);
        // No server was touched: neither test-bed server logged anything about this fresh user.
        Assert.DoesNotContain(user, fx.Source.ReadLog(), StringComparison.Ordinal);
        Assert.DoesNotContain(user, fx.Destination.ReadLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void There_are_at_least_fifty_cases_across_at_least_fifteen_tools()
    {
        var cases = Cases.Select(c => (string)c[0]).ToList();
        Assert.True(cases.Count >= 50, $"{cases.Count} cases");
        Assert.True(cases.Distinct().Count() >= 15, $"{cases.Distinct().Count()} tools");
    }

    [Fact]
    public async Task The_no_login_check_can_fail_a_good_run_shows_up_in_the_server_log()
    {
        string user = TestUsers.Unique("bad-control");
        var result = await ToolRunner.RunAsync("imapPing", ["-h", $"{fx.Source.Host}:{fx.Source.ImapPort}", "-u", user, "-p", DovecotServer.Password],
            null, workingDirectory: _dir);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(user, fx.Source.ReadLog(), StringComparison.Ordinal);
    }

    private string Expand(string arg, string user)
    {
        string Write(string name, string text)
        {
            string path = Path.Combine(_dir, name);
            File.WriteAllText(path, text);
            return path;
        }
        return arg
            .Replace("{S}", fx.Source.Conn(user), StringComparison.Ordinal)
            .Replace("{D}", fx.Destination.Conn(user), StringComparison.Ordinal)
            .Replace("{SH}", $"{fx.Source.Host}:{fx.Source.ImapPort}", StringComparison.Ordinal)
            .Replace("{DH}", $"{fx.Destination.Host}:{fx.Destination.ImapPort}", StringComparison.Ordinal)
            .Replace("{U}", user, StringComparison.Ordinal)
            .Replace("{DIR}", _dir, StringComparison.Ordinal)
            .Replace("{NODIR}", Path.Combine(_dir, "nodir"), StringComparison.Ordinal)
            .Replace("{NOFILE}", Path.Combine(_dir, "nofile.txt"), StringComparison.Ordinal)
            .Replace("{BADUSERS}", arg.Contains("{BADUSERS}", StringComparison.Ordinal)
                ? Write("badusers.txt", $"{user}:secret:{user}:secret\nthis line has no separators\n") : "", StringComparison.Ordinal)
            .Replace("{BADMAP}", arg.Contains("{BADMAP}", StringComparison.Ordinal)
                ? Write("badmap.txt", "INBOX: Archive\nno separator here\n") : "", StringComparison.Ordinal)
            .Replace("{BADRULES}", arg.Contains("{BADRULES}", StringComparison.Ordinal)
                ? Write("badrules.txt", "Subject:hello:Archive\nthis is not a rule\n") : "", StringComparison.Ordinal)
            .Replace("{USERS}", arg.Contains("{USERS}", StringComparison.Ordinal)
                ? Write("users.txt", $"{user}:secret:{user}:secret\n") : "", StringComparison.Ordinal)
            .Replace("{MBOX}", arg.Contains("{MBOX}", StringComparison.Ordinal) ? Write("empty.mbox", "") : "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b[A-Z][A-Za-z]*Exception\b")]
    private static partial Regex ExceptionName();

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
