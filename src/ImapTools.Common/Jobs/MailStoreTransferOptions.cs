using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Mapping;
using MailKit.Search;

namespace ImapTools.Common.Jobs;

/// <summary>What an export from an IMAP account into a local store does (imapdump, imap_to_maildir, IMAPtoMbox).</summary>
public sealed record MailStoreExportOptions
{
    /// <summary>The IMAP account to read.</summary>
    public required ConnectionString Source { get; init; }

    /// <summary>Timeout and TLS settings.</summary>
    public required ConnectionSettings Connection { get; init; }

    /// <summary>A user-supplied prefix and delimiter, else the server's NAMESPACE.</summary>
    public MailboxNamespace? SourceNamespace { get; init; }

    /// <summary>The mailboxes to export, as typed (Unicode or modified UTF-7); empty means every selectable folder.</summary>
    public IReadOnlyList<string> Mailboxes { get; init; } = [];

    /// <summary>Each named mailbox also takes its sub-folders.</summary>
    public bool IncludeSubfolders { get; init; }

    /// <summary>Skips the IMAP folders (full server name, Unicode) for which this returns true (-e, -E), or null.</summary>
    public Func<string, bool>? ExcludeFolder { get; init; }

    /// <summary>After a folder, delete from the server exactly the messages the store confirmed (imapdump -r).</summary>
    public bool RemoveExported { get; init; }

    /// <summary>Server-side selection (dates, SEARCH expression), or null for every message.</summary>
    public SearchQuery? Search { get; init; }

    /// <summary>Skip messages whose key the store folder already holds.</summary>
    public bool Update { get; init; }

    /// <summary>Filters, transform and batch sizes (<see cref="PipelineOptions.UpdateMode"/> is set from <see cref="Update"/>).</summary>
    public PipelineOptions Pipeline { get; init; } = new();

    /// <summary>Maps an IMAP folder name to a store folder name; by default the namespace prefix is removed and the delimiter changed.</summary>
    public Func<string, string>? StoreFolderName { get; init; }
}

/// <summary>What an import from a local store into an IMAP account does (dumptoIMAP, maildir_to_imap, MboxtoIMAP, thunderbird_to_imap).</summary>
public sealed record MailStoreImportOptions
{
    /// <summary>The IMAP account to write.</summary>
    public required ConnectionString Destination { get; init; }

    /// <summary>Timeout and TLS settings.</summary>
    public required ConnectionSettings Connection { get; init; }

    /// <summary>A user-supplied prefix and delimiter, else the server's NAMESPACE.</summary>
    public MailboxNamespace? DestinationNamespace { get; init; }

    /// <summary>The store folders to import; empty means every folder the store lists.</summary>
    public IReadOnlyList<string> Folders { get; init; } = [];

    /// <summary>Skip messages whose key the IMAP folder already holds.</summary>
    public bool Update { get; init; }

    /// <summary>Filters, transform and batch sizes (<see cref="PipelineOptions.UpdateMode"/> is set from <see cref="Update"/>).</summary>
    public PipelineOptions Pipeline { get; init; } = new();

    /// <summary>Maps a store folder name to an IMAP folder name; by default the delimiter is changed and the namespace prefix added.</summary>
    public Func<string, string>? ImapFolderName { get; init; }
}
