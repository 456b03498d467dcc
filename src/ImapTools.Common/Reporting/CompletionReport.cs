using System.Globalization;
using System.Text;

namespace ImapTools.Common.Reporting;

/// <summary>
/// The "IMAP COPY completed" report of imapcopy's web mode (spec imapcopy §11.4): one row per copied folder, the
/// messages skipped for size and the folders that could not be created. It is appended to the INBOX of both accounts
/// and mailed to the administrator.
/// </summary>
public sealed class CompletionReport
{
    private readonly List<(int Count, string Folder)> _rows = [];
    private readonly List<(string Subject, string Folder, long Size)> _tooLarge = [];
    private readonly List<(string Folder, string Reason)> _notCreated = [];

    /// <summary>The -X limit in megabytes, shown in the too-large section.</summary>
    public double? MaxMegabytes { get; init; }

    /// <summary>Adds a "Copied N messages to X" row; <paramref name="folderText"/> is the text after "to ".</summary>
    public void AddCopied(int count, string folderText)
    {
        lock (_rows) _rows.Add((count, folderText));
    }

    /// <summary>Adds a message that was not copied because it exceeded the size limit.</summary>
    public void AddTooLarge(string? subject, string folder, long size)
    {
        lock (_tooLarge) _tooLarge.Add((subject ?? "", folder, size));
    }

    /// <summary>Adds a folder the destination refused to create, with the server's reason.</summary>
    public void AddFolderNotCreated(string folder, string reason)
    {
        lock (_notCreated) _notCreated.Add((folder, reason));
    }

    /// <summary>The body text (CRLF line ends).</summary>
    public string Body(DateTime completedLocal)
    {
        var b = new StringBuilder();
        void Line(string s = "") => b.Append(s).Append("\r\n");
        Line("Here is a summary of the job:");
        Line($"Completed at {Ctime(completedLocal)}");
        Line();
        Line("Msgs Copied      Folder            ");
        Line(new string('=', 66));
        lock (_rows) foreach (var (count, folder) in _rows) Line($"{count.ToString(CultureInfo.InvariantCulture),-10}  {folder}");
        lock (_tooLarge)
        {
            if (_tooLarge.Count > 0)
            {
                Line();
                Line($"The following messages were not copied because they exceeded the maximum size ({PerlFormat.Number(MaxMegabytes ?? 0)} megabytes):");
                foreach (var (subject, folder, size) in _tooLarge)
                {
                    Line($"Subject:  {subject}");
                    Line($"Folder:   {folder}");
                    Line($"Size:     {PerlFormat.Commafy(size)} bytes");
                    Line();
                }
            }
        }
        lock (_notCreated)
        {
            if (_notCreated.Count > 0)
            {
                Line();
                Line("The following folders could not be created on the destination server:");
                foreach (var (folder, reason) in _notCreated) Line($"{folder}:  {reason}");
            }
        }
        return b.ToString();
    }

    /// <summary>The whole message appended to an INBOX (headers per the spec, RFC 5322 Date, CRLF line ends).</summary>
    public byte[] ToMessage(string user, DateTimeOffset completed)
    {
        var local = completed.LocalDateTime;
        var h = new StringBuilder();
        h.Append("From: imapcopy <imapcopy>\r\n");
        h.Append($"To: {HeaderSafe(user)}\r\n");
        h.Append($"Subject: IMAP COPY completed at {Ctime(local)}\r\n");
        h.Append(CultureInfo.InvariantCulture, $"Message-Id: <{completed.ToUnixTimeSeconds()}@imapcopy>\r\n");
        h.Append($"Date: {MimeKit.Utils.DateUtils.FormatDate(completed)}\r\n");
        h.Append("X-Mailer: IMAP Tools\r\n\r\n");
        h.Append(Body(local));
        return Encoding.UTF8.GetBytes(h.ToString());
    }

    /// <summary>Perl's scalar localtime: "Tue Jan 26 20:53:11 2016".</summary>
    public static string Ctime(DateTime t) =>
        t.ToString("ddd MMM ", CultureInfo.InvariantCulture) + t.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2) +
        t.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    private static string HeaderSafe(string s) => s.Replace("\r", "").Replace("\n", "");
}
