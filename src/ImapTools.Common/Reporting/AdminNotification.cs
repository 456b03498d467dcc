using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ImapTools.Common.Reporting;

/// <summary>
/// The administrator notification of imapcopy's web mode (spec imapcopy §3.4, §11.4): the file imapcopy_notify.admin
/// holds one line <c>smtp_server[:port]:admin_email[,admin_email...]</c>; the report goes there by SMTP.
/// </summary>
public sealed record AdminNotification(string SmtpHost, int SmtpPort, IReadOnlyList<string> Recipients)
{
    /// <summary>The legacy file name, looked up next to the executable.</summary>
    public const string FileName = "imapcopy_notify.admin";

    /// <summary>Reads the file; null when it does not exist. A malformed first line is a file error.</summary>
    public static AdminNotification? LoadIfPresent(string path)
    {
        if (!File.Exists(path)) return null;
        string line;
        try { line = File.ReadLines(path).FirstOrDefault()?.Trim() ?? ""; }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't read {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        // The address part never holds a colon, so the last one separates it; the server part may carry a port.
        int last = line.LastIndexOf(':');
        if (last <= 0 || last == line.Length - 1)
            throw new ImapToolsException($"Error in {path}: expected smtp_server:admin_email on the first line", ExitCodes.File);
        string server = line[..last].Trim(), addresses = line[(last + 1)..];
        int port = 25;
        int colon = server.LastIndexOf(':');
        if (colon > 0 && int.TryParse(server[(colon + 1)..], out int p) && p is > 0 and < 65536)
        {
            port = p;
            server = server[..colon];
        }
        var recipients = addresses.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (recipients.Length == 0 || recipients.Any(r => !MailboxAddress.TryParse(r, out _)))
            throw new ImapToolsException($"Error in {path}: '{addresses}' is not a list of e-mail addresses", ExitCodes.File);
        return new AdminNotification(server, port, recipients);
    }

    /// <summary>Sends <paramref name="body"/> with the subject "<paramref name="user"/> migrated".</summary>
    public async Task SendAsync(string user, string body, TimeSpan timeout, CancellationToken ct)
    {
        string domain = Recipients[0].Contains('@') ? Recipients[0][(Recipients[0].IndexOf('@') + 1)..] : "localhost";
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("imapcopy", $"imapcopy@{domain}"));
        foreach (var r in Recipients) message.To.Add(MailboxAddress.Parse(r));
        message.Subject = $"{user} migrated";
        message.Body = new TextPart("plain") { Text = body };
        using var smtp = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        await smtp.ConnectAsync(SmtpHost, SmtpPort, SecureSocketOptions.StartTlsWhenAvailable, ct).ConfigureAwait(false);
        await smtp.SendAsync(message, ct).ConfigureAwait(false);
        await smtp.DisconnectAsync(true, ct).ConfigureAwait(false);
    }
}
