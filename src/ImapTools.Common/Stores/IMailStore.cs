using ImapTools.Common.Copy;

namespace ImapTools.Common.Stores;

/// <summary>
/// A tree of mail folders on disk (a Maildir++ tree, mbox files, an imapdump directory, a Thunderbird profile).
/// Folder names are Unicode, with <see cref="Delimiter"/> between hierarchy levels; the inbox, where the
/// format has one, is named <c>INBOX</c>.
/// </summary>
public interface IMailStore
{
    /// <summary>The directory (or file) the store lives in.</summary>
    string Root { get; }

    /// <summary>The hierarchy delimiter used in <see cref="ListFolders"/> and accepted by the open methods.</summary>
    char Delimiter { get; }

    /// <summary>The folders that hold (or can hold) messages, in a stable order.</summary>
    IReadOnlyList<string> ListFolders();

    /// <summary>Opens an existing folder for reading.</summary>
    IMessageSource OpenSource(string folder);

    /// <summary>Opens a folder for writing, creating it (and its parents) when missing.</summary>
    IMessageSink OpenSink(string folder);
}
