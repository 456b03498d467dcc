using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImapTools.Common.Reporting;

/// <summary>The outcome of one folder, as reported at the end of a run.</summary>
public sealed record FolderSummary(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("destination")] string Destination,
    [property: JsonPropertyName("listed")] int Listed,
    [property: JsonPropertyName("copied")] int Copied,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>Totals of a copy run (thread-safe: folders report from several workers).</summary>
public sealed class CopySummary
{
    private readonly List<FolderSummary> _folders = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Adds one folder's outcome.</summary>
    public void Add(FolderSummary folder)
    {
        lock (_folders) _folders.Add(folder);
    }

    /// <summary>Folders in the order they finished.</summary>
    public IReadOnlyList<FolderSummary> Folders { get { lock (_folders) return _folders.ToList(); } }
    /// <summary>Messages copied.</summary>
    public int Copied => Folders.Sum(f => f.Copied);
    /// <summary>Messages skipped.</summary>
    public int Skipped => Folders.Sum(f => f.Skipped);
    /// <summary>Messages that failed.</summary>
    public int Failed => Folders.Sum(f => f.Failed);
    /// <summary>Folders that could not be processed.</summary>
    public int FailedFolders => Folders.Count(f => f.Error is not null);
    /// <summary>Bytes copied.</summary>
    public long Bytes => Folders.Sum(f => f.Bytes);
    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The one-line totals printed after the legacy summary.</summary>
    public string TotalsLine()
    {
        double seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture,
            $"Totals: {Folders.Count} folders ({FailedFolders} failed), {Copied} messages copied, {Skipped} skipped, {Failed} failed, " +
            $"{Bytes / 1e6:0.00} MB in {seconds:0.0} s ({Copied / seconds:0.0} msgs/s, {Bytes / 1e6 / seconds:0.00} MB/s)");
    }

    /// <summary>Writes the summary as JSON (the --json report).</summary>
    public void WriteJson(string path)
    {
        double seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        var doc = new CopySummaryDocument(
            Folders.Count,
            FailedFolders,
            Copied,
            Skipped,
            Failed,
            Bytes,
            Math.Round(seconds, 3),
            Math.Round(Copied / seconds, 2),
            Math.Round(Bytes / 1e6 / seconds, 3),
            Folders);
        string tmp = path + ".tmp";
        try
        {
            File.WriteAllText(tmp, JsonSerializer.Serialize(doc, CopySummaryJsonContext.Default.CopySummaryDocument) + "\n");
            File.Move(tmp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImapToolsException($"Can't write {path}: {e.Message}", ExitCodes.File, e);
        }
    }
}

/// <summary>The --json document (a named type so that System.Text.Json's source generator, not reflection, writes it:
/// the tools are published as NativeAOT executables).</summary>
internal sealed record CopySummaryDocument(
    [property: JsonPropertyName("folders")] int Folders,
    [property: JsonPropertyName("failedFolders")] int FailedFolders,
    [property: JsonPropertyName("copied")] int Copied,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("elapsedSeconds")] double ElapsedSeconds,
    [property: JsonPropertyName("messagesPerSecond")] double MessagesPerSecond,
    [property: JsonPropertyName("megabytesPerSecond")] double MegabytesPerSecond,
    [property: JsonPropertyName("mailboxes")] IReadOnlyList<FolderSummary> Mailboxes);

/// <summary>Source-generated (reflection-free) serializer for <see cref="CopySummaryDocument"/>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(CopySummaryDocument))]
internal sealed partial class CopySummaryJsonContext : JsonSerializerContext;
