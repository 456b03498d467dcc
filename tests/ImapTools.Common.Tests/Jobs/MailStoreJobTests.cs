using ImapTools.Common.Connection;
using ImapTools.Common.Copy;
using ImapTools.Common.Jobs;
using ImapTools.Common.Logging;
using ImapTools.Common.Reporting;
using ImapTools.Common.Stores;
using ImapTools.Common.Tests.TestBed;
using ImapTools.TestBed;

namespace ImapTools.Common.Tests.Jobs;

/// <summary>The generic export/import jobs against real Dovecot (slash source, dot-INBOX destination), through a store kept in memory.</summary>
[Collection(DovecotCollections.Mixed)]
public sealed class MailStoreJobTests(DovecotMixedFixture fx)
{
    private static readonly ConnectionSettings Insecure = new(TimeSpan.FromSeconds(60), Insecure: true);

    [Fact]
    public async Task Export_then_import_reproduces_the_account_and_update_mode_copies_nothing_again()
    {
        string srcUser = TestUsers.Unique("jobsrc"), dstUser = TestUsers.Unique("jobdst");
        MailboxSnapshot before, after;
        using (var c = await fx.Source.ConnectAsync(srcUser))
        {
            await CorpusBuilder.LoadAsync(c, new CorpusSpec { MessageCount = 40 });
            before = await CorpusBuilder.SnapshotAsync(c);
        }
        int total = before.MessageCount;
        Assert.True(total >= 40);
        var store = new MemoryStore('/');
        using var log = ToolLog.Create(new LogSettings("test", Quiet: true), TextWriter.Null, TextWriter.Null);
        var observer = new RecordingObserver();

        var exported = await new MailStoreExportJob(new MailStoreExportOptions
        {
            Source = ConnectionString.Parse(fx.Source.Conn(srcUser), 'S'),
            Connection = Insecure,
        }, store, log, observer).RunAsync(CancellationToken.None);
        Assert.Equal(0, exported.Failed);
        Assert.Equal(0, exported.FailedFolders);
        Assert.Equal(total, exported.Copied);
        Assert.Contains("Archive/2019/Q1", store.ListFolders());
        Assert.Equal(store.ListFolders().Count, observer.Done.Count);

        var importOptions = new MailStoreImportOptions
        {
            Destination = ConnectionString.Parse(fx.Destination.Conn(dstUser), 'D'),
            Connection = Insecure,
        };
        var imported = await new MailStoreImportJob(importOptions, store, log).RunAsync(CancellationToken.None);
        Assert.Equal(total, imported.Copied);

        using (var c = await fx.Destination.ConnectAsync(dstUser)) after = await CorpusBuilder.SnapshotAsync(c);
        Assert.Empty(before.Diff(after));

        var again = await new MailStoreImportJob(importOptions with { Update = true }, store, log).RunAsync(CancellationToken.None);
        Assert.Equal(0, again.Copied);
        Assert.Equal(total, again.Skipped);
    }

    [Fact]
    public async Task Export_of_named_mailboxes_with_subfolders_and_a_missing_one()
    {
        string user = TestUsers.Unique("jobsel");
        using (var c = await fx.Source.ConnectAsync(user)) await CorpusBuilder.LoadAsync(c, new CorpusSpec { MessageCount = 20 });
        var store = new MemoryStore('.');
        var console = new StringWriter();
        using var log = ToolLog.Create(new LogSettings("test"), console, console);
        var summary = await new MailStoreExportJob(new MailStoreExportOptions
        {
            Source = ConnectionString.Parse(fx.Source.Conn(user), 'S'),
            Connection = Insecure,
            Mailboxes = ["Archive", "Nope"],
            IncludeSubfolders = true,
        }, store, log).RunAsync(CancellationToken.None);
        Assert.Equal(["Archive", "Archive.2015", "Archive.2019", "Archive.2019.Q1"], store.ListFolders().Order(StringComparer.Ordinal));
        Assert.Contains("Source mailbox Nope does not exist, skipping it", console.ToString());
        Assert.True(summary.Copied > 0);
    }

    private sealed class RecordingObserver : IStoreTransferObserver
    {
        public List<string> Done { get; } = [];
        public void FolderStarting(string from, string to, int messages) { }
        public void FolderDone(string from, string to, FolderResult result) => Done.Add(to);
        public void FolderFailed(string from, string reason) => throw new Xunit.Sdk.XunitException($"{from}: {reason}");
        public void Copied(IMessageSource source, MessageRecord record, int copiedSoFar, int total) { }
        public void Failed(IMessageSource source, MessageRecord record, string reason) => throw new Xunit.Sdk.XunitException(reason);
        public void TooLarge(IMessageSource source, MessageRecord record) { }
    }

    /// <summary>A store in memory: the smallest IMailStore, to test the jobs without a file format.</summary>
    private sealed class MemoryStore(char delimiter) : IMailStore
    {
        private readonly Dictionary<string, List<MessageContent>> _folders = new(StringComparer.Ordinal);
        public string Root => "memory";
        public char Delimiter => delimiter;
        public IReadOnlyList<string> ListFolders() => _folders.Keys.ToList();
        public IMessageSource OpenSource(string folder) => new Folder(folder, _folders[folder]);
        public IMessageSink OpenSink(string folder)
        {
            if (!_folders.TryGetValue(folder, out var list)) _folders[folder] = list = [];
            return new Folder(folder, list);
        }

        private sealed class Folder(string name, List<MessageContent> messages) : IMessageSource, IMessageSink
        {
            public string Name => name;
            public Task<IReadOnlyList<MessageRecord>> ListAsync(CancellationToken ct) =>
                Task.FromResult<IReadOnlyList<MessageRecord>>(messages.Select(m => m.Record).ToList());
            public Task<IReadOnlyList<MessageContent>> ReadAsync(IReadOnlyList<MessageRecord> batch, CancellationToken ct) =>
                Task.FromResult<IReadOnlyList<MessageContent>>(batch.Select(r => messages.First(m => ReferenceEquals(m.Record, r))).ToList());
            public Task<IReadOnlySet<string>> ExistingKeysAsync(CancellationToken ct) =>
                Task.FromResult<IReadOnlySet<string>>(messages.Select(m => m.Record.Key).ToHashSet());
            public Task<IReadOnlyList<bool>> WriteAsync(IReadOnlyList<MessageContent> batch, CancellationToken ct)
            {
                messages.AddRange(batch);
                return Task.FromResult<IReadOnlyList<bool>>(batch.Select(_ => true).ToList());
            }
        }
    }
}
