using ImapTools.Common.Jobs;

namespace ImapTools.Common.Tests.Jobs;

public sealed class MigrationStateTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "migstate-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static MigrationStateRecord Record(string src, string dst, string status, string? reason = null) =>
        new() { SourceUser = src, DestinationUser = dst, Status = status, Reason = reason, Messages = 12, Bytes = 3456, FailedMessages = 1 };

    [Fact]
    public void Round_trips_a_record_and_overwrites_it_atomically()
    {
        var store = MigrationStateStore.Open(_dir);
        Assert.Null(store.Read("alice", "alice2"));
        store.Write(Record("alice", "alice2", MigrationStatus.Failed, "login failed"));
        var back = store.Read("alice", "alice2");
        Assert.NotNull(back);
        Assert.Equal(MigrationStatus.Failed, back.Status);
        Assert.Equal("login failed", back.Reason);
        Assert.Equal(12, back.Messages);
        Assert.Equal(3456, back.Bytes);

        store.Write(Record("alice", "alice2", MigrationStatus.Done));
        Assert.Equal(MigrationStatus.Done, store.Read("alice", "alice2")!.Status);
        // One file per user, no temporary files left behind.
        Assert.Single(Directory.GetFiles(_dir));
        Assert.EndsWith(".json", Directory.GetFiles(_dir)[0]);
    }

    [Fact]
    public void Files_and_directory_are_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var store = MigrationStateStore.Open(_dir);
        store.Write(Record("bob", "bob", MigrationStatus.Done));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathFor("bob", "bob")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
    }

    [Fact]
    public void Pairs_and_unsafe_names_get_distinct_files()
    {
        var store = MigrationStateStore.Open(_dir);
        string[] paths = [store.PathFor("a/b", "x"), store.PathFor("a_b", "x"), store.PathFor("a/b", "y"), store.PathFor("../evil", "x")];
        Assert.Equal(paths.Length, paths.Distinct().Count());
        foreach (string p in paths) Assert.Equal(Path.GetFullPath(_dir), Path.GetDirectoryName(Path.GetFullPath(p)));
    }

    [Fact]
    public void A_corrupt_or_foreign_record_reads_as_absent()
    {
        var store = MigrationStateStore.Open(_dir);
        File.WriteAllText(store.PathFor("carol", "carol"), "{ not json");
        Assert.Null(store.Read("carol", "carol"));
        File.WriteAllText(store.PathFor("dave", "dave"), """{"sourceUser":"someone","destinationUser":"dave","status":"done"}""");
        Assert.Null(store.Read("dave", "dave"));
    }

    [Fact]
    public void Record_never_holds_a_password_field()
    {
        var store = MigrationStateStore.Open(_dir);
        store.Write(Record("erin", "erin", MigrationStatus.Done));
        string json = File.ReadAllText(store.PathFor("erin", "erin"));
        Assert.DoesNotContain("password", json, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\": \"done\"", json);
    }

    [Fact]
    public void An_unusable_directory_is_a_file_error()
    {
        string file = Path.Combine(Path.GetTempPath(), "migstate-file-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(file, "x");
        try
        {
            var e = Assert.Throws<ImapToolsException>(() => MigrationStateStore.Open(Path.Combine(file, "sub")));
            Assert.Equal(ExitCodes.File, e.ExitCode);
            Assert.StartsWith("Can't use state directory", e.Message);
        }
        finally { File.Delete(file); }
    }
}
