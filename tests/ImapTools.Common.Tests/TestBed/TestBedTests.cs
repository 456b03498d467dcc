using System.Net;
using System.Net.Sockets;
using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Pop3;
using MailKit.Security;

namespace ImapTools.Common.Tests.TestBed;

[Collection(DovecotCollections.Pair)]
public class DovecotPairTests(DovecotPairFixture fx)
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Slash_namespace_has_empty_prefix_and_slash_separator()
    {
        using var client = await fx.Source.ConnectAsync(TestUsers.Unique("ns"), Ct);
        var ns = Assert.Single(client.PersonalNamespaces);
        Assert.Equal("", ns.Path);
        Assert.Equal('/', ns.DirectorySeparator);
        Assert.Equal(DovecotVariant.Slash, fx.Destination.Variant);
        Assert.NotEqual(fx.Source.ImapPort, fx.Destination.ImapPort);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.MultiAppend));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UidPlus));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.LiteralPlus));
    }

    [Fact]
    public async Task Master_user_plain_login_acts_as_the_target_user()
    {
        string user = TestUsers.Unique("master");
        using (var asMaster = await fx.Source.ConnectAsMasterAsync(user, Ct))
        {
            var root = asMaster.GetFolder(asMaster.PersonalNamespaces[0]);
            await root.CreateAsync("MadeByMaster", true, Ct);
            await asMaster.DisconnectAsync(true, Ct);
        }
        using var self = await fx.Source.ConnectAsync(user, Ct);
        var folders = await self.GetFoldersAsync(self.PersonalNamespaces[0], cancellationToken: Ct);
        Assert.Contains(folders, f => f.FullName == "MadeByMaster");
    }

    [Fact]
    public async Task Cram_md5_login_works()
    {
        using var client = await fx.Source.ConnectUnauthenticatedAsync(ct: Ct);
        Assert.Contains("CRAM-MD5", client.AuthenticationMechanisms);
        Assert.Contains("PLAIN", client.AuthenticationMechanisms);
        Assert.Contains("LOGIN", client.AuthenticationMechanisms);
        await client.AuthenticateAsync(new SaslMechanismCramMd5(new NetworkCredential(TestUsers.Unique("cram"), DovecotServer.Password)), Ct);
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task Wrong_password_is_rejected()
    {
        using var client = await fx.Source.ConnectUnauthenticatedAsync(ct: Ct);
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync("someone", "wrong", Ct));
    }

    [Fact]
    public async Task Imaps_starttls_and_pop3_ports_work()
    {
        string user = TestUsers.Unique("tls");
        using (var imaps = await fx.Source.ConnectAsync(user, SecureSocketOptions.SslOnConnect, Ct))
        {
            Assert.True(imaps.IsSecure);
        }
        using (var starttls = await fx.Source.ConnectAsync(user, SecureSocketOptions.StartTls, Ct))
        {
            Assert.True(starttls.IsSecure);
        }
        foreach (var (port, security) in new[] { (fx.Source.Pop3Port, SecureSocketOptions.None), (fx.Source.Pop3sPort, SecureSocketOptions.SslOnConnect) })
        {
            using var pop = new Pop3Client { ServerCertificateValidationCallback = (_, _, _, _) => true };
            await pop.ConnectAsync(fx.Source.Host, port, security, Ct);
            await pop.AuthenticateAsync(user, DovecotServer.Password, Ct);
            Assert.Equal(0, pop.Count);
            await pop.DisconnectAsync(true, Ct);
        }
        Assert.True(File.Exists(fx.Source.CertificatePath));
    }

    [Fact]
    public void Conn_has_the_legacy_form()
    {
        Assert.Equal($"127.0.0.1:{fx.Source.ImapPort}/bob/secret", fx.Source.Conn("bob"));
        Assert.Equal($"127.0.0.1:{fx.Source.ImapsPort}/bob/secret", fx.Source.ConnTls("bob"));
    }

    [Fact]
    public async Task Mixed_corpus_round_trips_through_snapshot()
    {
        using var client = await fx.Source.ConnectAsync(TestUsers.Unique("corpus"), Ct);
        var corpus = await CorpusBuilder.LoadAsync(client, CorpusSpec.Mixed(), Ct);
        var snapshot = await CorpusBuilder.SnapshotAsync(client, Ct);

        Assert.Empty(corpus.ToSnapshot().Diff(snapshot));
        Assert.Equal(corpus.Folders.Order(StringComparer.Ordinal), snapshot.FolderNames);
        Assert.Contains("Archive/2019/Q1", snapshot.FolderNames);
        Assert.Contains("Café/Menü", snapshot.FolderNames);
        Assert.Contains("Envoyés", snapshot.FolderNames);
        Assert.Contains("Sent Items", snapshot.FolderNames);
        // Exact duplicates survive as two messages.
        Assert.Equal(2, snapshot.Folders["INBOX"].Count(m => m.Sha256 == corpus.Messages.First(x => x.Kind == CorpusMessageKind.Duplicate).Sha256));
    }
}

[Collection(DovecotCollections.Mixed)]
public class DovecotMixedTests(DovecotMixedFixture fx)
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task DotInbox_namespace_has_inbox_prefix_and_dot_separator()
    {
        using var client = await fx.Destination.ConnectAsync(TestUsers.Unique("ns"), Ct);
        var ns = Assert.Single(client.PersonalNamespaces);
        Assert.Equal("INBOX", ns.Path.TrimEnd('.'));
        Assert.Equal('.', ns.DirectorySeparator);
        Assert.Equal("INBOX.", fx.Destination.NamespacePrefix);
        Assert.Equal(DovecotVariant.Slash, fx.Source.Variant);
    }

    [Fact]
    public async Task Corpus_round_trips_on_DotInbox_with_translated_names()
    {
        using var client = await fx.Destination.ConnectAsync(TestUsers.Unique("corpus"), Ct);
        var corpus = await CorpusBuilder.LoadAsync(client, CorpusSpec.Mixed(), Ct);
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: Ct);
        Assert.Contains(folders, f => f.FullName == "INBOX.Archive.2019.Q1");
        Assert.Contains(folders, f => f.FullName == "INBOX.Café.Menü");

        var snapshot = await CorpusBuilder.SnapshotAsync(client, Ct);
        Assert.Empty(corpus.ToSnapshot().Diff(snapshot));
        Assert.Contains("Archive/2019/Q1", snapshot.FolderNames);
        Assert.Contains("INBOX", snapshot.FolderNames);
    }
}

public class CorpusGenerationTests
{
    [Fact]
    public void Generation_is_deterministic_and_covers_the_edge_cases()
    {
        var a = CorpusBuilder.Generate(CorpusSpec.Mixed());
        var b = CorpusBuilder.Generate(CorpusSpec.Mixed());
        Assert.Equal(a.Messages.Select(m => m.Sha256), b.Messages.Select(m => m.Sha256));

        foreach (var kind in new[] { CorpusMessageKind.Plain, CorpusMessageKind.Multipart, CorpusMessageKind.EightBitHeader, CorpusMessageKind.NoMessageId, CorpusMessageKind.BareLf, CorpusMessageKind.Duplicate })
        {
            Assert.Contains(a.Messages, m => m.Kind == kind);
        }
        Assert.DoesNotContain(a.Messages, m => m.Kind == CorpusMessageKind.LargeAttachment);
        foreach (var kw in new[] { "$Forwarded", "$Junk", "$label1", "Project-X" })
        {
            Assert.Contains(a.Messages, m => m.Keywords.Contains(kw));
        }
        foreach (var flag in new[] { MessageFlags.Seen, MessageFlags.Answered, MessageFlags.Flagged, MessageFlags.Draft, MessageFlags.Deleted })
        {
            Assert.Contains(a.Messages, m => m.Flags.HasFlag(flag));
        }
        Assert.Contains(a.Messages, m => m.InternalDate.Year < 2000);
        Assert.Contains(a.Messages, m => m.InternalDate.Year >= 2010);
        Assert.True(a.Messages.Select(m => m.InternalDate.Offset).Distinct().Count() > 2);
        Assert.Contains(a.Messages, m => m.MessageId is null);
        var bareLf = a.Messages.First(m => m.Kind == CorpusMessageKind.BareLf);
        Assert.DoesNotContain((byte)'\r', bareLf.Bytes);
        Assert.NotEqual(bareLf.Sha256, bareLf.ServerSha256);
        Assert.Contains(a.Messages, m => m.Bytes.Any(x => x >= 0x80) && m.Subject.Any(c => c > 127));
        Assert.Equal(new[] { "INBOX", "Sent", "Sent Items", "Drafts", "Archive", "Archive/2019", "Archive/2019/Q1", "Archive/2015", "Envoyés", "Café", "Café/Menü" }, a.Folders);
    }

    [Fact]
    public void Large_attachments_only_when_asked()
    {
        var big = CorpusBuilder.Generate(CorpusSpec.Mixed(largeAttachments: true));
        var large = big.Messages.Where(m => m.Kind == CorpusMessageKind.LargeAttachment).ToList();
        Assert.Equal(3, large.Count);
        Assert.True(large.Max(m => m.Bytes.Length) > 5_000_000);
    }
}

public class DovecotServerLifecycleTests
{
    [Fact]
    public async Task Dispose_stops_the_server_and_deletes_the_folder()
    {
        var ct = CancellationToken.None;
        var server = await DovecotServer.StartAsync(DovecotVariant.DotInbox, ct: ct);
        string dir = server.BaseDir;
        int port = server.ImapPort;
        try
        {
            Assert.True(File.Exists(server.ConfigPath));
            Assert.DoesNotContain("/etc/dovecot", await File.ReadAllTextAsync(server.ConfigPath, ct));
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.False(Directory.Exists(dir));
        using var tcp = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(async () => await tcp.ConnectAsync(IPAddress.Loopback, port, ct));
    }
}
