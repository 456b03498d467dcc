using System.Text;
using ImapTools.Common;
using ImapTools.Common.Accounts;
using ImapTools.Common.Cleanup;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Reporting;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace ImapTools.Tools.ImapSearch;

/// <summary>One row of the result table.</summary>
/// <param name="Mailbox">The raw (modified UTF-7) mailbox name, or the name as typed for the single-folder form.</param>
/// <param name="Date">The Date column text (see <see cref="SearchJob.DateColumn"/>).</param>
/// <param name="Subject">The Subject column text.</param>
public sealed record SearchRow(string Mailbox, string Date, string Subject);

/// <summary>
/// imap_search: runs the SEARCH on the server in one folder or every folder, fetches Date and Subject of the hits
/// in batches and prints the legacy table.
/// </summary>
public sealed class SearchJob(ConnectionString target, string? mailbox, string keys, SearchQuery query, ConnectionSettings settings, ToolLog log)
{
    private const int BatchSize = 500;
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private static readonly HeaderSet DateAndSubject = new(["Date", "From", "Subject"]);

    /// <summary>Runs the search and prints the result; returns 0.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var connector = new ImapConnector(settings, log);
        await using var account = await ImapAccount.OpenAsync(connector, target, "IMAP", null, log, ct).ConfigureAwait(false);
        var folders = new List<(string Name, IMailFolder? Folder)>();
        if (mailbox is not null)
            folders.Add((mailbox, await account.FindFolderAsync(ModifiedUtf7.DecodeIfEncoded(mailbox), ct).ConfigureAwait(false)));
        else
            folders.AddRange((await CleanupFolders.ListAsync(account, includeNoSelect: false, ct).ConfigureAwait(false))
                .Where(f => !f.FullName.StartsWith('.'))
                .Select(f => (CleanupFolders.RawName(f), (IMailFolder?)f)));

        log.Info("");
        log.Info($"Searching for {keys} {(mailbox is null ? "in all folders" : $"in {mailbox} folder")}");
        if (mailbox is null) log.Info("");

        var rows = new List<SearchRow>();
        foreach (var (name, folder) in folders)
        {
            ct.ThrowIfCancellationRequested();
            if (folder is null)
                throw new ImapToolsException($"Error examining {name}: NO Mailbox doesn't exist: {name}", ExitCodes.Failure);
            try { await folder.OpenAsync(FolderAccess.ReadOnly, ct).ConfigureAwait(false); }
            catch (ImapCommandException e) { throw new ImapToolsException($"Error examining {name}: {CleanupFolders.Reply(e)}", ExitCodes.Failure, e); }
            IList<UniqueId> uids;
            try { uids = await folder.SearchAsync(query, ct).ConfigureAwait(false); }
            catch (ImapCommandException e) { throw new ImapToolsException($"unexpected SEARCH response: {CleanupFolders.Reply(e)}: {keys}", ExitCodes.Protocol, e); }
            var ordered = uids.OrderBy(u => u.Id).ToList();
            for (int i = 0; i < ordered.Count; i += BatchSize)
            {
                var batch = ordered.GetRange(i, Math.Min(BatchSize, ordered.Count - i));
                var summaries = await folder.FetchAsync(batch, new FetchRequest(MessageSummaryItems.UniqueId) { Headers = DateAndSubject }, ct).ConfigureAwait(false);
                foreach (var s in summaries.OrderBy(s => s.UniqueId.Id))
                    rows.Add(new SearchRow(name, DateColumn(FirstLine(s.Headers, "Date")), SubjectColumn(s.Headers)));
            }
            await folder.CloseAsync(false, ct).ConfigureAwait(false);
        }
        foreach (string line in Table(rows)) log.Info(line);
        return ExitCodes.Success;
    }

    /// <summary>The lines after the "Searching for" line: the table, or the no-matches text (each starts with an empty line).</summary>
    public static IEnumerable<string> Table(IReadOnlyList<SearchRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        yield return "";
        if (rows.Count == 0)
        {
            yield return "No matches were found";
            yield break;
        }
        int width = rows.Max(r => r.Mailbox.Length) + 2;
        yield return "Folder".PadRight(width) + "    Date".PadRight(34) + "Subject".PadRight(25);
        yield return new string('=', 83);
        foreach (var r in rows)
            yield return r.Mailbox.PadRight(width) + PerlFormat.PackA(r.Date, 26) + "   " + r.Subject;
    }

    /// <summary>
    /// The Date column: the text between the first and second comma (when there is a comma), cut at the first
    /// <c>-</c> or <c>+</c>, leading blanks removed, trailing ones kept: <c>Tue, 20 Sep 2011 21:57:09 -0600</c> →
    /// <c>20 Sep 2011 21:57:09 </c>.
    /// </summary>
    public static string DateColumn(string? date)
    {
        if (date is null) return "";
        if (date.Contains(','))
        {
            string[] parts = date.Split(',');
            date = parts[1];
        }
        int cut = date.IndexOfAny(['-', '+']);
        if (cut >= 0) date = date[..cut];
        return date.TrimStart();
    }

    /// <summary>The Subject column: the first line of the value plus one continuation line that starts with a space; empty when absent.</summary>
    public static string SubjectColumn(HeaderList? headers)
    {
        var lines = Lines(headers, "Subject");
        if (lines is null) return "";
        return lines.Count > 1 && lines[1].StartsWith(' ') ? lines[0] + lines[1] : lines[0];
    }

    private static string? FirstLine(HeaderList? headers, string field) => Lines(headers, field)?[0];

    /// <summary>The physical lines of the first <paramref name="field"/> header (case-sensitive, as the original matched <c>Date: </c>), without the one space after the colon.</summary>
    private static List<string>? Lines(HeaderList? headers, string field)
    {
        if (headers is null) return null;
        foreach (var h in headers)
        {
            if (h.Field != field) continue;
            string text = Decode(h.RawValue);
            var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            while (lines.Count > 1 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
            if (lines[0].StartsWith(' ')) lines[0] = lines[0][1..];
            return lines;
        }
        return null;
    }

    private static string Decode(byte[] bytes)
    {
        try { return StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }
}
