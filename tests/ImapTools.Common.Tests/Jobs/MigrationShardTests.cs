using ImapTools.Common.Jobs;

namespace ImapTools.Common.Tests.Jobs;

public sealed class MigrationShardTests
{
    private static readonly string[] Users = Enumerable.Range(0, 1000).Select(i => $"user{i}@example.org").ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Shards_partition_every_user_exactly_once(int n)
    {
        var shards = Enumerable.Range(1, n).Select(i => MigrationShard.Parse($"{i}/{n}")).ToList();
        foreach (string u in Users)
            Assert.Equal(1, shards.Count(s => s.Contains(u)));
        // Roughly balanced: every shard gets at least half its fair share of 1000 users.
        foreach (var s in shards)
            Assert.True(Users.Count(s.Contains) >= 1000 / n / 2, $"shard {s} too small");
    }

    [Fact]
    public void Assignment_depends_only_on_the_source_name()
    {
        // Stable across runs, machines and .NET versions (FNV-1a over UTF-8, not string.GetHashCode).
        Assert.Equal(MigrationShard.Of("alice", 3), MigrationShard.Of("alice", 3));
        Assert.Equal(1 + (int)(0x872213e7u % 3), MigrationShard.Of("alice", 3));
        Assert.Equal(1 + (int)(0x811c9dc5u % 5), MigrationShard.Of("", 5));
        var reordered = Users.Reverse().Where(new MigrationShard(1, 3).Contains).Order(StringComparer.Ordinal);
        Assert.Equal(Users.Where(new MigrationShard(1, 3).Contains).Order(StringComparer.Ordinal), reordered);
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1/0")]
    [InlineData("-1/3")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("1/3/4")]
    [InlineData("")]
    public void Invalid_values_are_usage_errors(string text)
    {
        var e = Assert.Throws<ImapToolsException>(() => MigrationShard.Parse(text));
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Contains($"--shard {text}", e.Message);
    }

    [Fact]
    public void All_contains_everyone()
    {
        Assert.True(MigrationShard.All.Contains("anyone"));
        Assert.Equal("1/1", MigrationShard.Parse("1/1").ToString());
    }
}
