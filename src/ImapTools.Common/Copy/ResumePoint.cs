using ImapTools.Common.Copy.Imap;
using MailKit;

namespace ImapTools.Common.Copy;

/// <summary>
/// Where a destination folder stood (UIDVALIDITY, UIDNEXT) when copying into it began, so that a retry after a lost
/// connection resumes instead of repeating: every message that landed since then, confirmed or not (an APPEND whose
/// reply was lost with the connection), is found by its key and counted as copied.
/// </summary>
public sealed class ResumePoint
{
    private uint _uidValidity;
    private UniqueId? _uidNext;

    /// <summary>True once <see cref="Record"/> ran: later attempts are retries.</summary>
    public bool Started { get; private set; }

    /// <summary>How many attempts resumed after a failure.</summary>
    public int Retries { get; private set; }

    /// <summary>Remembers the destination folder's state before anything is written to it (the folder must be selected).</summary>
    public void Record(IMailFolder destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _uidValidity = destination.UidValidity;
        _uidNext = destination.UidNext;
        Started = true;
    }

    /// <summary>
    /// On a retry, moves the listed messages that already landed on the destination into <paramref name="result"/>
    /// (as copied and confirmed) and returns the others; on the first attempt returns <paramref name="listed"/> as is.
    /// </summary>
    public async Task<IReadOnlyList<MessageRecord>> ResumeAsync(IReadOnlyList<MessageRecord> listed, ImapFolderSink sink, FolderResult result, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(result);
        if (!Started) throw new InvalidOperationException("Record the destination before resuming");
        Retries++;
        // Without a usable UIDNEXT (or after a UIDVALIDITY change) every message of the folder counts as landed.
        var since = _uidNext is UniqueId next && sink.Folder.UidValidity == _uidValidity ? next : UniqueId.MinValue;
        var landed = await sink.CountKeysSinceAsync(since, ct).ConfigureAwait(false);
        var remaining = new List<MessageRecord>(listed.Count);
        foreach (var record in listed)
        {
            if (landed.TryGetValue(record.Key, out int n) && n > 0)
            {
                landed[record.Key] = n - 1;
                result.Copied++;
                result.Bytes += record.Size;
                result.Confirmed.Add(record);
                continue;
            }
            remaining.Add(record);
        }
        return remaining;
    }
}
