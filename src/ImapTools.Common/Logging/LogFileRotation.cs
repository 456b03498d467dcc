namespace ImapTools.Common.Logging;

/// <summary>migrateIMAP's log rotation (spec migrateIMAP §8.3): an existing log file is renamed before a new one is opened.</summary>
public static class LogFileRotation
{
    /// <summary>
    /// Renames an existing <paramref name="logFile"/> to <c>&lt;log&gt;.&lt;first 16 characters of its first line&gt;</c>
    /// (the legacy timestamp <c>MM-DD-YYYY.HH:MM</c>; the file's last write time when the line is shorter) and
    /// returns the new name, or null when there was no file. Characters a file name cannot hold become <c>_</c>.
    /// </summary>
    /// <exception cref="ImapToolsException">The file cannot be read or renamed (<see cref="ExitCodes.File"/>).</exception>
    public static string? Rotate(string logFile)
    {
        if (!File.Exists(logFile)) return null;
        try
        {
            string first;
            using (var reader = new StreamReader(new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
                first = reader.ReadLine() ?? "";
            string stamp = first.Length >= 16 ? first[..16] : File.GetLastWriteTime(logFile).ToString("MM-dd-yyyy.HH:mm", System.Globalization.CultureInfo.InvariantCulture);
            foreach (char bad in Path.GetInvalidFileNameChars()) stamp = stamp.Replace(bad, '_');
            string target = logFile + "." + stamp;
            File.Move(logFile, target, overwrite: true);
            return target;
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't rename old logfile {logFile}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
    }
}
