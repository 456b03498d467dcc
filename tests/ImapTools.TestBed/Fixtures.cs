using Xunit;

namespace ImapTools.TestBed;

/// <summary>Two Dovecot servers with the same layout (source and destination), shared by a test collection.</summary>
public class DovecotPairFixture : IAsyncLifetime
{
    /// <summary>The layout of the destination.</summary>
    protected virtual DovecotVariant DestinationVariant => DovecotVariant.Slash;

    /// <summary>The source server (prefix "", separator "/").</summary>
    public DovecotServer Source { get; private set; } = null!;

    /// <summary>The destination server.</summary>
    public DovecotServer Destination { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var a = DovecotServer.StartAsync(DovecotVariant.Slash);
        var b = DovecotServer.StartAsync(DestinationVariant);
        Source = await a;
        Destination = await b;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Source is not null) await Source.DisposeAsync();
        if (Destination is not null) await Destination.DisposeAsync();
    }
}

/// <summary>Source with "/" and no prefix, destination with "." and prefix "INBOX.".</summary>
public sealed class DovecotMixedFixture : DovecotPairFixture
{
    /// <inheritdoc />
    protected override DovecotVariant DestinationVariant => DovecotVariant.DotInbox;
}

// xunit 2 discovers [CollectionDefinition] only in the test assembly itself, so each test project declares
// its collections (see tests/*/Collections.cs) with these names.

/// <summary>Collection names shared by every test project.</summary>
public static class Collections
{
    /// <summary>Tests sharing a <see cref="DovecotPairFixture"/>.</summary>
    public const string Pair = "dovecot-pair";
    /// <summary>Tests sharing a <see cref="DovecotMixedFixture"/>.</summary>
    public const string Mixed = "dovecot-mixed";
}

/// <summary>Fresh user names, so every test has its own empty accounts.</summary>
public static class TestUsers
{
    private static int _next;

    /// <summary>A user name never used before in this process.</summary>
    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _next)}x{Environment.ProcessId % 10000}";
}
