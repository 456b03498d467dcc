using System.Text;
using ImapTools.Common.Stores.Mbox;
using ImapTools.Common.Stores.Thunderbird;
using MailKit;

namespace ImapTools.Common.Tests.Stores;

/// <summary>The Thunderbird store: .sbd tree naming, side files, Mozilla status bits (hex), expunged messages.</summary>
public sealed class ThunderbirdStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tbstore").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string Message(string status, string status2 = "00000000", string? keys = null, string subject = "s") =>
        $"From - Mon Mar 05 09:59:00 2012\nX-Mozilla-Status: {status}\nX-Mozilla-Status2: {status2}\n" +
        (keys is null ? "" : $"X-Mozilla-Keys: {keys}\n") + $"Subject: {subject}\nDate: Mon, 5 Mar 2012 09:59:00 -0500\n\nbody\n\n";

    [Theory]
    [InlineData("0001", "00000000", MessageFlags.Seen, "")]
    [InlineData("0003", "00000000", MessageFlags.Seen | MessageFlags.Answered, "")]
    [InlineData("0011", "00000000", MessageFlags.Seen, "")]                    // has-Re is not "answered"
    [InlineData("0004", "00000000", MessageFlags.Flagged, "")]
    [InlineData("1001", "00000000", MessageFlags.Seen, "$Forwarded")]
    [InlineData("8000", "0A000000", MessageFlags.None, "$label5")]            // priority bits give no keywords
    [InlineData("0000", "00200000", MessageFlags.Deleted, "")]
    [InlineData("zz", "", MessageFlags.None, "")]
    public void Status_bits_are_hex(string status, string status2, MessageFlags flags, string keywords)
    {
        var headers = RawHeader.Parse(Encoding.ASCII.GetBytes($"X-Mozilla-Status: {status}\r\nX-Mozilla-Status2: {status2}\r\n\r\n"), out _);
        var info = MozillaStatusDialect.Instance.ReadFlags(headers);
        Assert.Equal(flags, info.Flags);
        Assert.Equal(keywords, string.Join(' ', info.Keywords.Order(StringComparer.Ordinal)));
        Assert.Empty(info.Remove);
    }

    [Fact]
    public async Task Tree_naming_side_files_and_expunged_messages()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "Archives.sbd", "2013.sbd"));
        Directory.CreateDirectory(Path.Combine(_dir, "x.mozmsgs"));
        File.WriteAllText(Path.Combine(_dir, "Inbox"), Message("0001") + Message("0009", subject: "gone") + Message("0000", keys: "$label2 todo   "));
        File.WriteAllText(Path.Combine(_dir, "Inbox.msf"), "mork");
        File.WriteAllText(Path.Combine(_dir, "Archives"), "");
        File.WriteAllText(Path.Combine(_dir, "Archives.sbd", "2013"), Message("0001"));
        File.WriteAllText(Path.Combine(_dir, "Archives.sbd", "2013.sbd", "Q1"), Message("0001"));
        File.WriteAllText(Path.Combine(_dir, "x.mozmsgs", "y"), Message("0001"));
        File.WriteAllText(Path.Combine(_dir, "notes"), "not mail");
        var skipped = new List<string>();
        var store = new ThunderbirdStore(_dir) { Skipped = skipped.Add };
        Assert.Equal(["Archives", "Archives/2013", "Archives/2013/Q1", "INBOX"], store.ListFolders().Order(StringComparer.Ordinal));
        Assert.Contains(skipped, s => s.Contains("notes", StringComparison.Ordinal));

        var source = (MboxFolderSource)store.OpenSource("INBOX");
        var listed = await source.ListAsync(default);
        Assert.Equal(2, listed.Count);
        Assert.Equal(1, source.Expunged);
        Assert.Equal([1, 3], listed.Select(r => r.Index));
        Assert.Equal(["$label2", "todo"], listed[1].Keywords.Order(StringComparer.Ordinal));
        Assert.Equal(new DateTimeOffset(2012, 3, 5, 14, 59, 0, TimeSpan.Zero), listed[0].InternalDate!.Value.ToUniversalTime());
        var read = await source.ReadAsync(listed, default);
        Assert.StartsWith("X-Mozilla-Status: 0001\r\n", Encoding.ASCII.GetString(read[0].Data));
        Assert.EndsWith("\r\n\r\nbody\r\n", Encoding.ASCII.GetString(read[0].Data));
    }
}
