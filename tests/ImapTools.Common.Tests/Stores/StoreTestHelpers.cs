using System.Text;
using ImapTools.Common.Copy;
using ImapTools.Common.Dedupe;
using MailKit;
using MimeKit;

namespace ImapTools.Common.Tests.Stores;

/// <summary>Messages and temp folders for the store tests.</summary>
internal static class StoreTestHelpers
{
    public static string TempDir()
    {
        return Directory.CreateTempSubdirectory("imaptools-store-").FullName;
    }

    public static byte[] Mail(string subject, string? id, string body = "hello", string date = "Mon, 5 Mar 2012 09:59:00 -0500") =>
        Encoding.UTF8.GetBytes($"From: a@example.org\r\nTo: b@example.org\r\nSubject: {subject}\r\n{(id is null ? "" : $"Message-ID: <{id}>\r\n")}Date: {date}\r\n\r\n{body}\r\n");

    public static MessageContent Content(byte[] data, MessageFlags flags = MessageFlags.None, string[]? keywords = null, DateTimeOffset? date = null, int index = 0)
    {
        var headers = HeaderList.Load(new MemoryStream(data));
        return new MessageContent(new MessageRecord(MessageKey.Compute(headers), flags, new HashSet<string>(keywords ?? [], StringComparer.Ordinal), date, data.Length) { Index = index }, data);
    }

    public static async Task<List<MessageContent>> ReadAllAsync(IMessageSource source)
    {
        var records = await source.ListAsync(CancellationToken.None);
        return (await source.ReadAsync(records, CancellationToken.None)).ToList();
    }
}
