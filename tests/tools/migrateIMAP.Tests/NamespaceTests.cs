using ImapTools.TestBed;

namespace ImapTools.Tools.MigrateImap.Tests;

/// <summary>Slash namespace to INBOX./dot namespace: folder trees arrive translated, messages identical.</summary>
[Collection(DovecotCollections.Mixed)]
public class NamespaceTests(DovecotMixedFixture servers) : MigrateTestBase(servers)
{
    [Fact]
    public async Task Slash_to_dot_namespace()
    {
        var accounts = await CreateAccountsAsync(5, "ns");
        string users = UsersFile("users.txt", accounts.Select(a => Line(a)));
        var r = await MigrateAsync("-i", users, "-n", "2");
        AssertExit(r, 0);
        await AssertMigratedAsync(accounts);
        using var client = await Dst.ConnectAsync(accounts[2].Destination);   // folder set 2: Archive/2019
        var names = (await client.GetFoldersAsync(client.PersonalNamespaces[0])).Select(f => f.FullName).ToList();
        Assert.Contains("INBOX.Archive.2019", names);
        await client.DisconnectAsync(true);
    }
}
