using ImapTools.TestBed;

namespace ImapTools.Tools.ImapFilter.Tests;

/// <summary>Remote destinations on a server with another namespace (prefix "INBOX.", separator "."), and the -L log file.</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class RemoteNamespaceTests(DovecotMixedFixture fx) : FilterTestBase(fx)
{
    [Fact]
    public async Task Remote_star_keeps_the_source_name_under_the_remote_prefix_and_copy_keeps_the_original()
    {
        string user = TestUsers.Unique("ns-src");
        string remoteUser = TestUsers.Unique("ns-dst");
        await AppendAsync(Src, user, "Work/Projects", Mail("project plan"));
        await AppendAsync(Src, user, "Work/Projects", Mail("lunch menu"));
        await AppendAsync(Src, user, "INBOX", Mail("invoice 7"));
        string log = Path.Combine(Path.GetTempPath(), $"imapfilter-{Guid.NewGuid():N}.log");
        try
        {
            var r = await Filter("-S", Src.Conn(user), "-L", log, "-r", Rules(
                $"RemoteServer: {Dst.Host}:{Dst.ImapPort}/{remoteUser}/{DovecotServer.Password}",
                $"Subject\tplan\tWork/Projects\t{Dst.Host}:*",
                $"Subject\tinvoice\tINBOX\t{Dst.Host}:Billing\tcopy"));
            AssertExit(r);
            Assert.Equal(["project plan"], await SubjectsAsync(Dst, remoteUser, "Work/Projects"));
            Assert.Equal(["lunch menu"], await SubjectsAsync(Src, user, "Work/Projects"));
            Assert.Equal(["invoice 7"], await SubjectsAsync(Dst, remoteUser, "Billing"));
            Assert.Equal(["invoice 7"], await SubjectsAsync(Src, user, "INBOX"));

            // -L: every console line once on stdout, and in the file as "MM-DD-YYYY.HH:MM:SS PID message".
            Assert.Single(r.Lines, l => l == "Done");
            string[] fileLines = File.ReadAllLines(log);
            Assert.Contains(fileLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d-\d\d-\d{4}\.\d\d:\d\d:\d\d \d+ imapfilter starting$"));
            Assert.Contains(fileLines, l => l.EndsWith(" 2 total messages moved", StringComparison.Ordinal));
            Assert.DoesNotContain(DovecotServer.Password, string.Join("\n", fileLines));
        }
        finally
        {
            File.Delete(log);
        }
    }
}
