using System.Globalization;
using System.Text;

namespace ImapTools.Common.Reporting;

/// <summary>
/// Live progress written to a small JSON file (the --status-file of imapcopy), for a front end that polls it.
/// The file is replaced atomically (temp file + rename), at most twice a second, and once more at the end.
/// </summary>
public sealed class ProgressFile
{
    private readonly string _path;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly object _gate = new();
    private long _done, _bytes, _total, _lastWrite = -1000;
    private string? _folder;

    /// <summary>Creates the writer and writes the initial state ("starting").</summary>
    public ProgressFile(string path)
    {
        _path = path;
        Write("starting");
    }

    /// <summary>Adds messages to the expected total.</summary>
    public void AddTotal(long messages)
    {
        Interlocked.Add(ref _total, messages);
        Write("copying", force: true);
    }

    /// <summary>Records the folder now being copied.</summary>
    public void Folder(string name)
    {
        lock (_gate) _folder = name;
        Write("copying", force: true);
    }

    /// <summary>Records one copied message.</summary>
    public void Advance(long bytes)
    {
        Interlocked.Increment(ref _done);
        Interlocked.Add(ref _bytes, bytes);
        Write("copying");
    }

    /// <summary>Writes the final state ("done", or "failed" with the exit code).</summary>
    public void Finish(int exitCode) => Write(exitCode == 0 ? "done" : "failed", force: true, exitCode);

    private void Write(string state, bool force = false, int? exitCode = null)
    {
        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            if (!force && now - _lastWrite < 500) return;
            _lastWrite = now;
            var json = new StringBuilder();
            json.Append(CultureInfo.InvariantCulture, $"{{\"state\":\"{state}\",\"messages\":{Interlocked.Read(ref _done)},");
            json.Append(CultureInfo.InvariantCulture, $"\"bytes\":{Interlocked.Read(ref _bytes)},\"totalMessages\":{Interlocked.Read(ref _total)},");
            json.Append(CultureInfo.InvariantCulture, $"\"elapsedSeconds\":{_clock.Elapsed.TotalSeconds:0.000}");
            if (_folder is not null) json.Append(",\"folder\":").Append(System.Text.Json.JsonSerializer.Serialize(_folder, ReportJsonContext.Default.String));
            if (exitCode is int rc) json.Append(CultureInfo.InvariantCulture, $",\"exitCode\":{rc}");
            json.Append("}\n");
            try
            {
                string tmp = _path + ".tmp";
                File.WriteAllText(tmp, json.ToString());
                File.Move(tmp, _path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Progress is advisory: a full disk must not stop the copy.
            }
        }
    }
}

/// <summary>Source-generated JSON metadata for the small report documents (AOT-safe).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ReportJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
