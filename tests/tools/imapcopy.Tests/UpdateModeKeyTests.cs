using ImapTools.TestBed;

namespace ImapTools.Tools.ImapCopy.Tests;

/// <summary>
/// imapcopy -U reads keys with HEADER.FIELDS and fetches the complete header only for messages without a Message-ID
/// (issue 8); the synthetic key of those must still tell apart messages that differ only outside Date/Subject/From.
/// </summary>
[Collection(DovecotCollections.Pair)]
public class UpdateModeKeyTests(DovecotPairFixture servers) : ImapCopyTestBase(servers)
{
    private const string Common = "From: a@example.org\r\nSubject: same subject\r\nDate: Mon, 1 Jan 2018 10:00:00 +0000\r\n";

    [Fact]
    public async Task Update_mode_keys_messages_without_message_id_by_their_complete_header()
    {
        var (s, d) = await NewAccountsAsync();
        await AppendAsync(Src, s, "INBOX", Mail("with-id@t", "has an id"));
        await AppendAsync(Src, s, "INBOX", Common + "To: one@example.org\r\n\r\nfirst\r\n");
        await AppendAsync(Src, s, "INBOX", Common + "To: two@example.org\r\n\r\nsecond\r\n");
        var first = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d));
        AssertOk(first);
        Assert.Contains("Copied 3 total messages", first.StdOut);

        var again = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-U", "-I");
        AssertOk(again);
        Assert.Contains("Copied 0 total messages", again.StdOut);
        // Keys come from HEADER.FIELDS; the complete header is fetched once per side, for the two ID-less messages only.
        var fetches = again.Lines.Where(l => l.StartsWith(">> ", StringComparison.Ordinal) && l.Contains("FETCH", StringComparison.Ordinal)).ToList();
        Assert.Contains(fetches, l => l.Contains("HEADER.FIELDS (MESSAGE-ID", StringComparison.Ordinal));
        Assert.Equal(2, fetches.Count(l => l.Contains(" UID FETCH 2:3 (UID BODY.PEEK[HEADER])", StringComparison.Ordinal)));

        // Same Date, Subject and From as the copied ones, different elsewhere: a new message, which -U copies.
        await AppendAsync(Src, s, "INBOX", Common + "To: three@example.org\r\n\r\nthird\r\n");
        var third = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-U");
        AssertOk(third);
        Assert.Contains("Copied 1 total messages", third.StdOut);
        Assert.Equal(["has an id", "same subject", "same subject", "same subject"], await SubjectsAsync(Dst, d, "INBOX"));
    }
}
