using System.Diagnostics;
using ImapTools.TestBed;
using MailKit;
using MailKit.Net.Imap;

namespace ImapTools.Common.Tests.TestBed;

/// <summary>The bench's delay proxy: data passes intact in both directions and each round trip takes at least twice the delay.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class DelayProxyTests(DovecotPairFixture fx)
{
    [Fact]
    public async Task A_session_through_the_proxy_works_and_each_round_trip_pays_both_delays()
    {
        string user = TestUsers.Unique("delay");
        using (var c = await fx.Source.ConnectAsync(user)) await CorpusBuilder.LoadAsync(c, CorpusSpec.Small);
        MailboxSnapshot direct;
        using (var c = await fx.Source.ConnectAsync(user)) direct = await CorpusBuilder.SnapshotAsync(c);

        await using var proxy = DelayProxy.Start(fx.Source.ImapPort, TimeSpan.FromMilliseconds(25));
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", proxy.Port, MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync(user, DovecotServer.Password);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++) await client.NoOpAsync();
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(5 * 50), $"5 NOOPs took {clock.Elapsed.TotalMilliseconds} ms through a 2 x 25 ms link");
        var proxied = await CorpusBuilder.SnapshotAsync(client);
        Assert.Empty(direct.Diff(proxied));
    }
}
