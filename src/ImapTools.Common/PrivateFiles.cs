namespace ImapTools.Common;

/// <summary>
/// Files the tools create that may hold mail or account data (log files, key/state files, dumped messages) are
/// created readable and writable by the owner only (mode 0600 on Unix), whatever the umask says.
/// An existing file keeps its mode.
/// </summary>
public static class PrivateFiles
{
    /// <summary>Mode 0600.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Stream options for <paramref name="mode"/>/<paramref name="access"/>/<paramref name="share"/> that create a new
    /// file with mode 0600 on Unix (<paramref name="mode"/> must be able to create a file: not Open or Truncate).
    /// </summary>
    /// <param name="mode">How to open (Append, Create, CreateNew or OpenOrCreate).</param>
    /// <param name="access">Read/write access.</param>
    /// <param name="share">Sharing with other handles.</param>
    /// <param name="bufferSize">The stream's buffer size (0 or 1: no buffer).</param>
    /// <returns>The options.</returns>
    public static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        return options;
    }

    /// <summary>Opens or creates <paramref name="path"/> like <c>new FileStream(path, mode, access, share)</c>, new files 0600.</summary>
    /// <param name="path">The file.</param>
    /// <param name="mode">How to open (Append, Create, CreateNew or OpenOrCreate).</param>
    /// <param name="access">Read/write access.</param>
    /// <param name="share">Sharing with other handles.</param>
    /// <param name="bufferSize">The stream's buffer size.</param>
    /// <returns>The open stream.</returns>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096) =>
        new(path, Options(mode, access, share, bufferSize));
}
