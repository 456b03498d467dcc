using System.Globalization;
using ImapTools.Common.Connection;
using ImapTools.Common.Logging;
using ImapTools.Common.Mapping;
using ImapTools.Common.Reporting;
using ImapTools.Common.Selection;

namespace ImapTools.Common.Jobs;

/// <summary>
/// One migrateIMAP run: reads the users file, keeps this machine's <see cref="MigrationShard"/>, skips the users a
/// <see cref="MigrationStateStore"/> records as done, and migrates the rest <see cref="MigrateOptions.Parallel"/> at a
/// time in-process (<see cref="MigrateUserJob"/> per user). One user's failure is logged with the user's name and
/// never stops the batch; the run ends with the legacy summary plus one <c>Totals:</c> line.
/// </summary>
public sealed class MigrateJob
{
    private readonly MigrateOptions _o;
    private readonly ToolLog _log;

    /// <summary>Creates the job.</summary>
    public MigrateJob(MigrateOptions options, ToolLog log)
    {
        _o = options;
        _log = log;
    }

    /// <summary>Totals of a finished run.</summary>
    public sealed record Totals(int UsersOk, int UsersFailed, int UsersSkipped, int Messages, long Bytes, TimeSpan Elapsed);

    /// <summary>The totals, once <see cref="RunAsync"/> has finished.</summary>
    public Totals? Result { get; private set; }

    /// <summary>Runs the migration and returns the exit code: 0, or <see cref="ExitCodes.Partial"/> when any user failed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Problems that would fail every user are reported once, before any user starts.
        _ = new MailboxFilter(_o.Exclude, _o.ExcludePatterns, includeGmailAllMail: false);
        if (_o.MapFile is not null) MailboxMap.Load(_o.MapFile, '/', '/');
        var all = MigrationUser.Read(_o.UsersFile);
        var state = _o.StateDirectory is null ? null : MigrationStateStore.Open(_o.StateDirectory);
        _log.Info($"{_o.ProgramName} starting");
        if (_o.Update) _log.Info(_o.ContentKeys ? "Running in update/md5_hash mode" : "Running in update mode");
        if (_o.Update && _o.PurgeDestination) _log.Info("Messages on the dest which are not on the source will be deleted");
        if (_o.RemoveFromSource) _log.Info("Messages will be deleted from the source after being successfully copied to the destination");
        if (_o.RenamedLogFile is not null) _log.Info($"Renamed old logfile to {_o.RenamedLogFile}");
        var users = all.Where(u => _o.Shard.Contains(u.SourceUser)).ToList();
        if (_o.Shard.Count > 1)
            _log.Info($"Shard {_o.Shard}: {users.Count} of {all.Count} users in {_o.UsersFile}");

        var connector = new ImapConnector(_o.Connection, _log);
        int ok = 0, failed = 0, skipped = 0, messages = 0;
        long bytes = 0;
        object gate = new();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _o.Parallel), CancellationToken = ct }, async (user, token) =>
        {
            var previous = state?.Read(user.SourceUser, user.DestinationUser);
            if (previous?.Status == MigrationStatus.Done)
            {
                _log.Info($"Skipping {user.SourceUser}: already migrated (state {Path.GetFileName(state!.PathFor(user.SourceUser, user.DestinationUser))})");
                lock (gate) skipped++;
                return;
            }
            _log.Info($"user {user.SourceUser}");
            bool retry = previous is not null;
            if (retry && !_o.Update)
                _log.Info($"Retrying {user.SourceUser} in update mode (previous run: {previous!.Status}{(previous.Reason is null ? "" : ", " + previous.Reason)})");
            state?.Write(Record(user, MigrationStatus.Started, null, null));
            MigrationUserResult result;
            try
            {
                result = await new MigrateUserJob(_o, user, connector, _log, forceUpdate: retry).RunAsync(token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the isolation boundary between users: an unexpected error fails this user, never the batch
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
#pragma warning restore CA1031
            {
                string reason = $"internal error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
                _log.Error($"Error migrating {user.SourceUser}: {reason}");
                result = new MigrationUserResult(0, 0, 0, 0, reason);
            }
            state?.Write(Record(user, result.Succeeded ? MigrationStatus.Done : MigrationStatus.Failed, result.Reason, result));
            if (!result.Succeeded && result.Error is null)
                _log.Error($"{user.SourceUser}: {result.Reason}");
            lock (gate)
            {
                if (result.Succeeded) ok++; else failed++;
                messages += result.Messages;
                bytes += result.Bytes;
            }
        }).ConfigureAwait(false);

        var elapsed = clock.Elapsed;
        Result = new Totals(ok, failed, skipped, messages, bytes, elapsed);
        _log.Info("Summary of migration");
        _log.Info($"Migrated {ok} users, {PerlFormat.Commafy(messages)} messages, {ByteUnits.ByDigits(bytes)}.");
        _log.Info($"Elapsed time  {PerlFormat.Fixed(elapsed.TotalSeconds / 3600, 2)} hours");
        _log.Info("Migration completed");
        _log.Info(TotalsLine(Result));
        return failed > 0 ? ExitCodes.Partial : ExitCodes.Success;
    }

    /// <summary>The one-line totals printed after the legacy summary.</summary>
    public static string TotalsLine(Totals t)
    {
        double seconds = Math.Max(t.Elapsed.TotalSeconds, 0.001);
        int migrated = t.UsersOk + t.UsersFailed;
        return string.Create(CultureInfo.InvariantCulture,
            $"Totals: {t.UsersOk} users ok, {t.UsersFailed} failed, {t.UsersSkipped} skipped (done earlier), {t.Messages} messages, " +
            $"{t.Bytes} bytes ({t.Bytes / 1e6:0.00} MB) in {seconds:0.0} s ({t.Messages / seconds:0.0} msgs/s, {migrated / seconds * 60:0.0} users/min)");
    }

    private static MigrationStateRecord Record(MigrationUser user, string status, string? reason, MigrationUserResult? result) => new()
    {
        SourceUser = user.SourceUser,
        DestinationUser = user.DestinationUser,
        Status = status,
        Reason = reason,
        Messages = result?.Messages ?? 0,
        Bytes = result?.Bytes ?? 0,
        FailedMessages = result?.FailedMessages ?? 0,
        FailedFolders = result?.FailedFolders ?? 0,
    };
}
