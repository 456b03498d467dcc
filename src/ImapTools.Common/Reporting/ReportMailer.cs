using System.Diagnostics;
using System.Text;
using ImapTools.Common.Connection;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ImapTools.Common.Reporting;

/// <summary>
/// Sends a finished report by mail: through the local <c>sendmail -t</c> when no SMTP server is given and one is
/// installed, else over SMTP with MailKit (<c>--smtp host[:port]</c>; 465 implicit TLS, otherwise STARTTLS when offered).
/// </summary>
public sealed class ReportMailer
{
    /// <summary>Where a local sendmail is looked for, in order.</summary>
    public static readonly IReadOnlyList<string> SendmailPaths = ["/usr/sbin/sendmail", "/usr/lib/sendmail"];

    private readonly string? _smtpServer;
    private readonly string _envelopeSender;
    private readonly ConnectionSettings _settings;

    /// <summary>Creates a mailer.</summary>
    /// <param name="smtpServer"><c>host[:port]</c> of an SMTP server (port 25 by default), or null to use sendmail.</param>
    /// <param name="envelopeSender">The SMTP envelope sender (MAIL FROM).</param>
    /// <param name="settings">Timeout and certificate rules.</param>
    public ReportMailer(string? smtpServer, string envelopeSender, ConnectionSettings settings)
    {
        _smtpServer = smtpServer;
        _envelopeSender = envelopeSender;
        _settings = settings;
    }

    /// <summary>Sends <paramref name="message"/> (RFC 822 text with its header, LF or CRLF line ends) to <paramref name="recipient"/>.</summary>
    /// <exception cref="ImapToolsException">Nothing to send with, or the transport refused the message.</exception>
    public async Task SendAsync(string message, string recipient, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_smtpServer is not null)
        {
            await SendSmtpAsync(message, recipient, ct).ConfigureAwait(false);
            return;
        }
        string? sendmail = SendmailPaths.FirstOrDefault(File.Exists)
            ?? throw new ImapToolsException($"Error sending report to {recipient}: no sendmail found ({string.Join(", ", SendmailPaths)}); give an SMTP server with --smtp host[:port]", ExitCodes.Failure);
        var psi = new ProcessStartInfo(sendmail, ["-t"]) { RedirectStandardInput = true, UseShellExecute = false };
        using var process = Process.Start(psi) ?? throw new ImapToolsException($"Error sending report to {recipient}: cannot start {sendmail}", ExitCodes.Failure);
        await process.StandardInput.WriteAsync(message.AsMemory(), ct).ConfigureAwait(false);
        process.StandardInput.Close();
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new ImapToolsException($"Error sending report to {recipient}: {process.ExitCode}", ExitCodes.Failure);
    }

    private async Task SendSmtpAsync(string text, string recipient, CancellationToken ct)
    {
        string[] parts = _smtpServer!.Split(':');
        string host = parts[0];
        int port = 25;
        if (host.Length == 0 || (parts.Length > 1 && (!int.TryParse(parts[1], out port) || port is < 1 or > 65535)))
            throw new ImapToolsException($"Invalid value for --smtp: '{_smtpServer}' (expected host[:port])", ExitCodes.Usage);
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, _settings.Timeout.TotalMilliseconds), CheckCertificateRevocation = false };
        if (_settings.Insecure)
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        try
        {
            await client.ConnectAsync(host, port, port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable, ct).ConfigureAwait(false);
            await client.SendAsync(message, MailboxAddress.Parse(_envelopeSender), [MailboxAddress.Parse(recipient)], ct).ConfigureAwait(false);
            await client.DisconnectAsync(true, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ImapToolsException)
        {
            throw new ImapToolsException($"Error sending report to {recipient}: {e.Message.ReplaceLineEndings(" ")}", ExitCodes.Failure, e);
        }
    }
}
