using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImapTools.Common.Jobs;

/// <summary>Where one user's migration stands in a <c>--state</c> directory.</summary>
public static class MigrationStatus
{
    /// <summary>The user was started but has not finished (the run was interrupted): retried in update mode.</summary>
    public const string Started = "started";
    /// <summary>The user was migrated completely: skipped by later runs.</summary>
    public const string Done = "done";
    /// <summary>The user failed (login, server error, messages refused): retried in update mode.</summary>
    public const string Failed = "failed";
}

/// <summary>The per-user record of a <c>--state</c> directory. It never holds a password.</summary>
public sealed record MigrationStateRecord
{
    /// <summary>The source user.</summary>
    [JsonPropertyName("sourceUser")] public required string SourceUser { get; init; }
    /// <summary>The destination user.</summary>
    [JsonPropertyName("destinationUser")] public required string DestinationUser { get; init; }
    /// <summary><see cref="MigrationStatus.Started"/>, <see cref="MigrationStatus.Done"/> or <see cref="MigrationStatus.Failed"/>.</summary>
    [JsonPropertyName("status")] public required string Status { get; init; }
    /// <summary>Why the user failed, or null.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary>Messages copied by the last run of this user.</summary>
    [JsonPropertyName("messages")] public int Messages { get; init; }
    /// <summary>Bytes copied by the last run of this user.</summary>
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
    /// <summary>Messages that could not be copied.</summary>
    [JsonPropertyName("failedMessages")] public int FailedMessages { get; init; }
    /// <summary>Mailboxes that could not be processed.</summary>
    [JsonPropertyName("failedFolders")] public int FailedFolders { get; init; }
    /// <summary>When the record was written (UTC).</summary>
    [JsonPropertyName("updated")] public DateTimeOffset Updated { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>
/// A <c>--state</c> directory: one small JSON file per user (source and destination user), written atomically
/// (a temporary file in the same directory, then a rename) with owner-only permissions, so a re-run can skip the
/// users that are done and retry the others. Thread-safe: each user has its own file.
/// </summary>
public sealed class MigrationStateStore
{

    private MigrationStateStore(string directory) => Directory = directory;

    /// <summary>The state directory.</summary>
    public string Directory { get; }

    /// <summary>Opens (and creates, owner-only, when missing) a state directory.</summary>
    /// <exception cref="ImapToolsException">The directory cannot be created or written (<see cref="ExitCodes.File"/>).</exception>
    public static MigrationStateStore Open(string directory)
    {
        try
        {
            if (!System.IO.Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(directory);
                else System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            // Fail now, not after the first user: probe that files can be created here.
            string probe = Path.Combine(directory, $".probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            throw new ImapToolsException($"Can't use state directory {directory}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
        return new MigrationStateStore(directory);
    }

    /// <summary>
    /// The file of one user: the source user name with unsafe characters replaced, a dot and 12 hex digits of
    /// SHA-256 over "source NUL destination" (so different pairs and names differing only in unsafe characters never share a file).
    /// </summary>
    public string PathFor(string sourceUser, string destinationUser)
    {
        var safe = new StringBuilder();
        foreach (char c in sourceUser.Length > 64 ? sourceUser[..64] : sourceUser)
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_');
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceUser + "\0" + destinationUser)))[..12];
        return Path.Combine(Directory, $"{safe}.{hash}.json");
    }

    /// <summary>The user's record, or null when there is none or it cannot be read (the user is then migrated again).</summary>
    public MigrationStateRecord? Read(string sourceUser, string destinationUser)
    {
        string path = PathFor(sourceUser, destinationUser);
        try
        {
            var record = JsonSerializer.Deserialize(File.ReadAllText(path), MigrationStateJson.Default.MigrationStateRecord);
            return record is not null && record.SourceUser == sourceUser && record.DestinationUser == destinationUser ? record : null;
        }
        catch (Exception e) when (FileErrors.IsFileError(e) || e is JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the record atomically (temporary file + rename), readable and writable by the owner only.</summary>
    /// <exception cref="ImapToolsException">The file cannot be written (<see cref="ExitCodes.File"/>).</exception>
    public void Write(MigrationStateRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        string path = PathFor(record.SourceUser, record.DestinationUser);
        string temp = Path.Combine(Directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, MigrationStateJson.Default.MigrationStateRecord) + "\n"));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (FileErrors.IsFileError(e))
        {
            try { File.Delete(temp); } catch (Exception cleanup) when (FileErrors.IsFileError(cleanup)) { }
            throw new ImapToolsException($"Can't write state file {path}: {FileErrors.Describe(e)}", ExitCodes.File, e);
        }
    }
}

/// <summary>Source-generated JSON metadata for the state records (AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(MigrationStateRecord))]
internal sealed partial class MigrationStateJson : JsonSerializerContext;
