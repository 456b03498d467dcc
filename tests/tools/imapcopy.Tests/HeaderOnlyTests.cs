using System.Text;
using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Tools.ImapCopy.Tests;

/// <summary>imapcopy -H: headers fetched in batches (issue 8), byte for byte what the server returns for BODY[HEADER].</summary>
[Collection(DovecotCollections.Pair)]
public class HeaderOnlyTests(DovecotPairFixture servers) : ImapCopyTestBase(servers)
{
    [Fact]
    public async Task Header_only_sends_one_header_fetch_per_batch_not_per_message()
    {
        var (s, d) = await NewAccountsAsync();
        int perBatch = new ImapTools.Common.Copy.PipelineOptions().BatchMessages;
        int total = perBatch + 5;
        using (var client = await Src.ConnectAsync(s))
        {
            var requests = Enumerable.Range(1, total)
                .Select(i => (IAppendRequest)new AppendRequest(MimeKit.MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(Mail($"h{i}@t", $"h{i}", "BODY TEXT"))))))
                .ToList();
            await client.Inbox.AppendAsync(requests);
            await client.DisconnectAsync(true);
        }
        var r = await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-H", "-I");
        AssertOk(r);
        // One batch and five more messages: two header FETCH commands (the old code sent one per message).
        // (The listing's FETCH 1:* asks for the header too; the copy's fetches are UID FETCH.)
        int headerFetches = r.Lines.Count(l => l.StartsWith(">> ", StringComparison.Ordinal) && l.Contains(" UID FETCH ", StringComparison.Ordinal)
                                               && l.Contains("BODY.PEEK[HEADER]", StringComparison.Ordinal));
        Assert.True(headerFetches == 2, $"{headerFetches} header FETCH commands for {total} messages in 2 batches of at most {perBatch}\n{r.StdOut}");
        var copied = await MessagesAsync(Dst, d, "INBOX");
        Assert.Equal(total, copied.Count);
        Assert.All(copied, c => Assert.DoesNotContain("BODY TEXT", Encoding.ASCII.GetString(c.Raw)));
    }

    [Fact]
    public async Task Header_only_copies_the_servers_header_bytes_exactly()
    {
        var (s, d) = await NewAccountsAsync();
        // (A message without the empty line after its header is left out: the APPEND side adds that line whatever the
        // source read; that is the sink's MIME round trip, not the header fetch.)
        string[] raws =
        [
            "From: a@example.org\r\nSubject :  space before the colon\r\nX-NoSpace:value\r\nX-Empty:\r\nMessage-ID: <odd1@t>\r\n\r\nbody one\r\n",
            "From: a@example.org\r\nX-Folded: first\r\n\tsecond\r\n   third\r\nSubject: =?UTF-8?Q?caf=C3=A9?=\r\nMessage-ID: <odd2@t>\r\n\r\nbody two\r\n",
            "From: a@example.org\r\nSubject: Grüße aus Köln\r\nX-Utf8: 日本語\r\nMessage-ID: <odd3@t>\r\n\r\nbody three\r\n",
            "From: a@example.org\nSubject: bare LF header\nMessage-ID: <odd4@t>\n\nbody four\n",
            "From: a@example.org\r\nthis line has no colon\r\nSubject: after a broken line\r\nMessage-ID: <odd6@t>\r\n\r\nbody six\r\n",
        ];
        await using (var raw = await RawImapSession.LoginAsync(Src, s))
        {
            foreach (var m in raws)
            {
                var (_, ok) = await raw.CommandAsync($"APPEND INBOX {{{Encoding.UTF8.GetByteCount(m)}+}}\r\n{m}");
                Assert.Contains(" OK", ok, StringComparison.Ordinal);
            }
        }
        var expected = new List<string>();
        using (var client = await Src.ConnectAsync(s))
        {
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            foreach (var uid in await client.Inbox.SearchAsync(MailKit.Search.SearchQuery.All))
            {
                using var stream = await client.Inbox.GetStreamAsync(uid, "HEADER");
                using var ms = new MemoryStream();
                await stream.CopyToAsync(ms);
                expected.Add(Convert.ToHexString(ms.ToArray()));
            }
            await client.DisconnectAsync(true);
        }
        Assert.Equal(raws.Length, expected.Count);

        AssertOk(await ImapCopy("-S", Src.Conn(s), "-D", Dst.Conn(d), "-H"));
        var copied = await MessagesAsync(Dst, d, "INBOX");
        var actual = copied.Select(c => Convert.ToHexString(c.Raw)).ToList();
        string Show(IEnumerable<string> hex) => string.Join("\n---\n", hex.Select(h => Encoding.UTF8.GetString(Convert.FromHexString(h)).Replace("\r", "\\r")));
        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal)),
            $"source BODY[HEADER] not copied:\n{Show(expected.Except(actual))}\n=== destination has instead:\n{Show(actual.Except(expected))}");
    }
}
