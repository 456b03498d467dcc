namespace ImapTools.Common.Logging;

/// <summary>The layout of a line in the log file (the console copy is always the bare message).</summary>
public enum LogLineFormat
{
    /// <summary><c>MM-DD-YYYY.HH:MM:SS &lt;msg&gt;</c> (imapcopy, delete_imap_mailboxes).</summary>
    Plain,

    /// <summary><c>MM-DD-YYYY.HH:MM:SS &lt;pid&gt; &lt;msg&gt;</c> (imapsync, imap_audit, pop3toimap, imapfilter, ...).</summary>
    WithPid,

    /// <summary><c>MM-DD-YYYY.HH:MM:SS &lt;pid&gt;: &lt;msg&gt;</c> (migrateIMAP).</summary>
    WithPidColon,
}
