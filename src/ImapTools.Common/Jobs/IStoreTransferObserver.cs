using ImapTools.Common.Copy;

namespace ImapTools.Common.Jobs;

/// <summary>Observes a store transfer folder by folder (the tools print their legacy lines from here).</summary>
public interface IStoreTransferObserver : ICopyObserver
{
    /// <summary>A folder was listed and is about to be copied.</summary>
    /// <param name="from">The source folder name (Unicode).</param>
    /// <param name="to">The destination folder name (Unicode).</param>
    /// <param name="messages">How many messages the source folder lists.</param>
    void FolderStarting(string from, string to, int messages);

    /// <summary>A folder was copied.</summary>
    void FolderDone(string from, string to, FolderResult result);

    /// <summary>A folder failed; the run goes on with the next folder.</summary>
    void FolderFailed(string from, string reason);
}
