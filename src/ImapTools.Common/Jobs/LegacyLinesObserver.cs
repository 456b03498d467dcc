using ImapTools.Common.Copy;
using ImapTools.Common.Logging;

namespace ImapTools.Common.Jobs;

/// <summary>
/// Prints a store tool's legacy per-folder lines: the tool supplies the text of the "starting" and "done" lines
/// (null prints nothing); failed folders and messages are logged as errors and counted.
/// </summary>
/// <param name="log">The run's log.</param>
/// <param name="starting">(from, to, listed) → the line printed before a folder is copied, or null.</param>
/// <param name="done">(from, to, result) → the line printed after a folder, or null.</param>
public sealed class LegacyLinesObserver(ToolLog log, Func<string, string, int, string?>? starting, Func<string, string, FolderResult, string?>? done)
    : IStoreTransferObserver
{
    private int _failures;

    /// <summary>Failed folders plus failed messages so far.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>Messages confirmed so far, over all folders.</summary>
    public int Total => Volatile.Read(ref _copied);

    private int _copied;

    /// <inheritdoc />
    public void FolderStarting(string from, string to, int messages)
    {
        if (starting?.Invoke(from, to, messages) is string line) log.Info(line);
    }

    /// <inheritdoc />
    public void FolderDone(string from, string to, FolderResult result)
    {
        if (done?.Invoke(from, to, result) is string line) log.Info(line);
    }

    /// <inheritdoc />
    public void FolderFailed(string from, string reason)
    {
        Interlocked.Increment(ref _failures);
        log.Error($"Error copying {from}: {reason}");
    }

    /// <inheritdoc />
    public void Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total) => Interlocked.Increment(ref _copied);

    /// <inheritdoc />
    public void Failed(IMessageSource source, MessageRecord record, string reason)
    {
        Interlocked.Increment(ref _failures);
        log.Error($"{source.Name}: message {record.Index} ({record.Key}) not copied: {reason}");
    }

    /// <inheritdoc />
    public void TooLarge(IMessageSource source, MessageRecord record) { }
}
