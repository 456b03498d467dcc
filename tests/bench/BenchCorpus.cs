using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace ImapTools.Bench;

/// <summary>
/// The bench corpus: deterministic, realistic mix — most messages 2–20 KB of text, a quarter 50–500 KB with an
/// attachment, a few 1–5 MB; nested folders; flags and internal dates spread over years.
/// </summary>
public static class BenchCorpus
{
    /// <summary>Folders ("/" separated).</summary>
    public static readonly string[] Folders =
        ["INBOX", "Sent", "Drafts", "Archive/2023", "Archive/2024/Q1", "Archive/2024/Q2", "Projects/Alpha", "Projects/Beta/Specs", "Lists/dev", "Lists/announce"];

    private static readonly string[] Words =
        "the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three".Split(' ');

    /// <summary>Appends the corpus to <paramref name="client"/>'s account and returns (messages, bytes).</summary>
    public static async Task<(int Messages, long Bytes)> LoadAsync(ImapClient client, int messages, long targetBytes, int seed = 20261206)
    {
        var random = new Random(seed);

        // Size plan: a few large (1-5 MB) sized so the total lands near targetBytes.
        int large = Math.Max(3, (int)(targetBytes * 0.45 / 3_000_000));
        int medium = messages / 4;
        int small = Math.Max(0, messages - medium - large);
        var sizes = new List<int>();
        for (int i = 0; i < small; i++) sizes.Add(random.Next(2_000, 20_000));
        for (int i = 0; i < medium; i++) sizes.Add(random.Next(50_000, 500_000));
        for (int i = 0; i < large; i++) sizes.Add(random.Next(1_000_000, 5_000_000));
        sizes = sizes.OrderBy(_ => random.Next()).ToList();
        return await LoadSizesAsync(client, sizes, random);
    }

    /// <summary>Appends one message per entry of <paramref name="sizes"/> (approximate bytes), spread over the folders.</summary>
    public static async Task<(int Messages, long Bytes)> LoadSizesAsync(ImapClient client, IReadOnlyList<int> sizes, Random random)
    {
        var folders = await FoldersAsync(client);

        long bytes = 0;
        var batch = new Dictionary<IMailFolder, List<IAppendRequest>>();
        int count = 0;
        foreach (int size in sizes)
        {
            var folder = folders[Folders[Math.Min(Folders.Length - 1, (int)Math.Floor(Math.Pow(random.NextDouble(), 1.6) * Folders.Length))]];
            var message = Build(random, count, size);
            var flags = MessageFlags.None;
            if (random.NextDouble() < 0.7) flags |= MessageFlags.Seen;
            if (random.NextDouble() < 0.1) flags |= MessageFlags.Flagged;
            if (random.NextDouble() < 0.2) flags |= MessageFlags.Answered;
            var date = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.NextInt64(0, 11L * 365 * 86400));
            message.Date = date;
            using var ms = new MemoryStream();
            await message.WriteToAsync(FormatOptions.Default, ms);
            bytes += ms.Length;
            if (!batch.TryGetValue(folder, out var list)) batch[folder] = list = [];
            list.Add(new AppendRequest(message, flags, date));
            count++;
            if (list.Count >= (size > 1_000_000 ? 5 : 50)) { await folder.AppendAsync(list); list.Clear(); }
        }
        foreach (var (folder, list) in batch) if (list.Count > 0) await folder.AppendAsync(list);
        return (count, bytes);
    }

    private static async Task<Dictionary<string, IMailFolder>> FoldersAsync(ImapClient client)
    {
        var ns = client.PersonalNamespaces[0];
        var folders = new Dictionary<string, IMailFolder>(StringComparer.Ordinal);
        foreach (var path in Folders)
        {
            if (path == "INBOX") { folders[path] = client.Inbox; continue; }
            string full = path.Replace('/', ns.DirectorySeparator);
            try { folders[path] = await client.GetFolderAsync(ns.Path + full); }
            catch (FolderNotFoundException)
            {
                var parts = path.Split('/');
                IMailFolder parent = await client.GetFolderAsync(ns.Path);
                string sofar = "";
                foreach (var part in parts)
                {
                    sofar = sofar.Length == 0 ? part : sofar + ns.DirectorySeparator + part;
                    IMailFolder? next;
                    try { next = await client.GetFolderAsync(ns.Path + sofar); }
                    catch (FolderNotFoundException) { next = await parent.CreateAsync(part, isMessageFolder: true); }
                    parent = next!;
                }
                folders[path] = parent;
            }
        }
        return folders;
    }

    private static MimeMessage Build(Random random, int index, int size)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress($"Sender {index % 97}", $"sender{index % 97}@example.com"));
        message.To.Add(new MailboxAddress("Bench User", "bench@example.org"));
        message.Subject = $"Bench message {index}: {Text(random, 6)}";
        message.MessageId = $"bench-{index}@imaptools.test";
        var text = new TextPart("plain") { Text = Text(random, Math.Max(40, Math.Min(size, 20_000) / 6)) };
        if (size <= 20_000)
        {
            message.Body = text;
            return message;
        }
        var data = new byte[size * 3 / 4];
        random.NextBytes(data);
        var attachment = new MimePart("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(data)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = $"attachment-{index}.bin",
        };
        message.Body = new Multipart("mixed") { text, attachment };
        return message;
    }

    private static string Text(Random random, int words)
    {
        var b = new StringBuilder();
        for (int i = 0; i < words; i++)
        {
            b.Append(Words[random.Next(Words.Length)]);
            b.Append(i % 14 == 13 ? "\n" : " ");
        }
        return b.ToString();
    }
}
