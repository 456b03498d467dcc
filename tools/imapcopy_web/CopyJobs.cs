using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using ImapTools.Common;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Tools.ImapCopyWeb;

/// <summary>The state of one copy job as shown on its status page. It never holds a password.</summary>
public sealed class CopyJob
{
    private readonly List<string> _output = [];

    /// <summary>Unguessable id (128 random bits).</summary>
    public required string Id { get; init; }
    /// <summary>The browser that started the job (its owner cookie); nobody else sees it.</summary>
    public required string Owner { get; init; }
    /// <summary>What is copied, for the page.</summary>
    public required string Description { get; init; }
    /// <summary>When the job was accepted.</summary>
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
    /// <summary>"starting", "copying", "done" or "failed".</summary>
    public string State { get; set; } = "starting";
    /// <summary>Messages on the source (selected folders), known once counted.</summary>
    public long TotalMessages { get; set; }
    /// <summary>Bytes on the source, known once counted.</summary>
    public long TotalBytes { get; set; }
    /// <summary>Messages copied so far.</summary>
    public long Messages { get; set; }
    /// <summary>Bytes copied so far.</summary>
    public long Bytes { get; set; }
    /// <summary>The folder being copied.</summary>
    public string? Folder { get; set; }
    /// <summary>imapcopy's exit code once finished.</summary>
    public int? ExitCode { get; set; }
    /// <summary>When the copy ended.</summary>
    public DateTimeOffset? Finished { get; set; }
    /// <summary>The source's folders with their message counts and sizes (LISTFOLDERS), once counted.</summary>
    public IReadOnlyList<FolderRow>? Folders { get; set; }

    /// <summary>Adds a line of imapcopy's output (the last 500 are kept).</summary>
    public void AddOutput(string line)
    {
        // The -I protocol trace (SHOWIMAP) goes to LOGFILE only; the page shows imapcopy's own lines.
        if (line.StartsWith("<< ", StringComparison.Ordinal) || line.StartsWith(">> ", StringComparison.Ordinal)) return;
        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 500) _output.RemoveAt(0);
        }
    }

    /// <summary>imapcopy's output so far.</summary>
    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToList(); } }

    /// <summary>Seconds left at the current rate, or null while unknown.</summary>
    public double? EtaSeconds
    {
        get
        {
            double elapsed = ((Finished ?? DateTimeOffset.UtcNow) - Started).TotalSeconds;
            if (Messages == 0 || TotalMessages <= Messages || elapsed <= 0) return State == "done" ? 0 : null;
            return (TotalMessages - Messages) / (Messages / elapsed);
        }
    }
}

/// <summary>One row of the LISTFOLDERS table.</summary>
public sealed record FolderRow(string Name, int Messages, long Bytes);

/// <summary>Runs imapcopy for the form, at most PROCESS_LIMIT at once, and tracks each job.</summary>
public sealed class CopyJobs
{
    /// <summary>The legacy refusal text (two spaces after the period, as the CGI printed it).</summary>
    public const string LimitMessage = "The maximum number of IMAP copies is already running.  Please try again later.";

    private readonly WebConfig _config;
    private readonly ToolLog _log;
    private readonly ConcurrentDictionary<string, CopyJob> _jobs = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _running;

    /// <summary>Creates the manager.</summary>
    public CopyJobs(WebConfig config, ToolLog log)
    {
        _config = config;
        _log = log;
    }

    /// <summary>Copies running now.</summary>
    public int Running { get { lock (_gate) return _running; } }

    /// <summary>The job with this id if <paramref name="owner"/> started it; otherwise null (no difference is shown).</summary>
    public CopyJob? Find(string id, string? owner) =>
        owner is not null && _jobs.TryGetValue(id, out var job) && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(job.Owner), System.Text.Encoding.UTF8.GetBytes(owner)) ? job : null;

    /// <summary>Checks both logins (10 s limit, as the CGI did); returns an error line for the form, or null.</summary>
    public async Task<string?> TestLoginsAsync(CopyRequest r, CancellationToken ct)
    {
        foreach (var (host, user, password) in new[] { (r.SourceHost, r.SourceUser, r.SourcePassword), (r.DestHost, r.DestUser, r.DestPassword) })
        {
            var target = Target(host, user, password, 'S');
            var connector = new ImapConnector(new ConnectionSettings(TimeSpan.FromSeconds(10), _config.Insecure), _log);
            try
            {
                using var client = await connector.ConnectAsync(target, "source", ct);
                await client.DisconnectAsync(true, ct);
            }
            catch (ImapToolsException e) when (e.ExitCode == ExitCodes.Authentication)
            {
                return $"Error:  Can't login as {user}.  Check your username and password";
            }
            catch (ImapToolsException)
            {
                return $"Error:  Can't connect to {host}.";
            }
        }
        return null;
    }

    /// <summary>Starts a job unless PROCESS_LIMIT copies are running (then null).</summary>
    public CopyJob? TryStart(CopyRequest r, string owner)
    {
        lock (_gate)
        {
            if (_running >= _config.ProcessLimit) return null;
            _running++;
        }
        var job = new CopyJob
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Owner = owner,
            Description = $"{r.SourceUser} on {r.SourceHost} to {r.DestUser} on {r.DestHost}",
        };
        _jobs[job.Id] = job;
        _ = Task.Run(() => RunAsync(job, r));
        return job;
    }

    private async Task RunAsync(CopyJob job, CopyRequest r)
    {
        string work = Directory.CreateTempSubdirectory("imapcopy-web-").FullName;
        try
        {
            await CountSourceAsync(job, r);
            var psi = StartInfo(r, Path.Combine(work, "status.json"), work);
            _log.Info($"Execute {psi.FileName} {string.Join(' ', psi.ArgumentList)}");
            using var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) job.AddOutput(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) job.AddOutput(e.Data); };
            process.Start();
            // The passwords were only in psi.Environment; drop them now that the child has its copy.
            psi.Environment.Remove("SOURCEPWD");
            psi.Environment.Remove("DESTPWD");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            job.State = "copying";
            string statusFile = Path.Combine(work, "status.json");
            while (!process.WaitForExit(500)) ReadStatus(job, statusFile);
            process.WaitForExit();
            ReadStatus(job, statusFile);
            job.ExitCode = process.ExitCode;
            job.State = process.ExitCode == 0 ? "done" : "failed";
            _log.Info($"rc = {process.ExitCode} for job {job.Id}");
        }
        catch (Exception e) when (e is ImapToolsException or System.ComponentModel.Win32Exception or IOException)
        {
            job.AddOutput($"Error: {e.Message}");
            job.State = "failed";
            job.ExitCode ??= e is ImapToolsException t ? t.ExitCode : ExitCodes.Failure;
            _log.Error($"Job {job.Id} failed: {e.Message}");
        }
        finally
        {
            job.Finished = DateTimeOffset.UtcNow;
            lock (_gate) _running--;
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Counts the source's messages and bytes with STATUS (the totals behind the ETA).</summary>
    private async Task CountSourceAsync(CopyJob job, CopyRequest r)
    {
        var connector = new ImapConnector(new ConnectionSettings(TimeSpan.FromSeconds(30), _config.Insecure), _log);
        try
        {
            using var client = await connector.ConnectAsync(Target(r.SourceHost, r.SourceUser, r.SourcePassword, 'S'), "source", CancellationToken.None);
            var wanted = r.Folders?.Split(',').ToHashSet(StringComparer.Ordinal);
            var excluded = r.ExcludeFolders?.Split(',').ToHashSet(StringComparer.Ordinal) ?? [];
            var rows = new List<FolderRow>();
            var items = StatusItems.Count | (client.Capabilities.HasFlag(ImapCapabilities.StatusSize) ? StatusItems.Size : 0);
            foreach (var ns in client.PersonalNamespaces)
                foreach (var folder in await client.GetFoldersAsync(ns, items, subscribedOnly: false))
                {
                    if (folder.Attributes.HasFlag(FolderAttributes.NoSelect)) continue;
                    if (wanted is not null && !wanted.Contains(folder.FullName)) continue;
                    if (excluded.Contains(folder.FullName)) continue;
                    job.TotalMessages += folder.Count;
                    job.TotalBytes += (long)(folder.Size ?? 0);
                    rows.Add(new FolderRow(folder.FullName, folder.Count, (long)(folder.Size ?? 0)));
                }
            if (_config.ListFolders) job.Folders = rows;
            await client.DisconnectAsync(true, CancellationToken.None);
        }
        catch (Exception e) when (e is ImapToolsException or ImapCommandException or IOException)
        {
            _log.Warn($"Could not count the source of job {job.Id}: {e.Message}");
        }
    }

    private ProcessStartInfo StartInfo(CopyRequest r, string statusFile, string workDir)
    {
        var psi = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        if (_config.ImapCopy.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            psi.FileName = "dotnet";
            psi.ArgumentList.Add(_config.ImapCopy);
        }
        else psi.FileName = _config.ImapCopy;
        var a = psi.ArgumentList;
        a.Add("-S"); a.Add($"{r.SourceHost}/{r.SourceUser}/SOURCEPWD");
        a.Add("-D"); a.Add($"{r.DestHost}/{r.DestUser}/DESTPWD");
        if (_config.ShowImap) a.Add("-I");
        if (_config.Debug) a.Add("-d");
        if (_config.LogFile is not null) { a.Add("-L"); a.Add(_config.LogFile); }
        if (r.Folders is not null) { a.Add("-m"); a.Add(r.Folders); }
        if (r.ExcludeFolders is not null) { a.Add("-e"); a.Add(r.ExcludeFolders); }
        if (r.After is not null) { a.Add("-a"); a.Add(r.After); }
        if (r.Before is not null) { a.Add("-b"); a.Add(r.Before); }
        if (r.Update) a.Add("-U");
        foreach (var extra in _config.Arguments) a.Add(extra);
        a.Add("--status-file"); a.Add(statusFile);
        a.Add("--web-report");
        if (_config.Insecure) a.Add("--insecure");
        psi.Environment["SOURCEPWD"] = r.SourcePassword;
        psi.Environment["DESTPWD"] = r.DestPassword;
        psi.Environment.Remove("HTTP_CONNECTION");
        return psi;
    }

    private static void ReadStatus(CopyJob job, string path)
    {
        try
        {
            if (!File.Exists(path)) return;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            job.Messages = root.GetProperty("messages").GetInt64();
            job.Bytes = root.GetProperty("bytes").GetInt64();
            if (root.TryGetProperty("folder", out var f)) job.Folder = f.GetString();
            long total = root.GetProperty("totalMessages").GetInt64();
            if (total > job.TotalMessages) job.TotalMessages = total;
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // A status file caught mid-replace is read again half a second later.
        }
    }

    private static ConnectionString Target(string host, string user, string password, char flag) =>
        ConnectionString.Parse($"{host}/{user}/x", flag, resolvePasswordSource: false) with { Password = password };
}
