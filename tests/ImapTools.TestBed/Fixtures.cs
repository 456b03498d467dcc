using Xunit;
using System.Text.RegularExpressions;

namespace ImapTools.TestBed;

/// <summary>A source and a destination server started together; the variants are fixed by the subclass.</summary>
public abstract class DovecotServerPair : IAsyncLifetime
{
    private readonly DovecotVariant _sourceVariant;
    private readonly DovecotVariant _destinationVariant;
    private DovecotServer? _source;
    private DovecotServer? _destination;

    /// <summary>Creates the pair description.</summary>
    protected DovecotServerPair(DovecotVariant source, DovecotVariant destination)
    {
        _sourceVariant = source;
        _destinationVariant = destination;
    }

    /// <summary>Source server.</summary>
    public DovecotServer Source => _source ?? throw new InvalidOperationException("Fixture not initialized.");

    /// <summary>Destination server.</summary>
    public DovecotServer Destination => _destination ?? throw new InvalidOperationException("Fixture not initialized.");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var s = DovecotServer.StartAsync(_sourceVariant);
        var d = DovecotServer.StartAsync(_destinationVariant);
        (_source, _destination) = await FixtureHelper.BothAsync(s, d).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task DisposeAsync() => FixtureHelper.DisposeBothAsync(_source, _destination);
}

/// <summary>Two Slash servers (prefix "", separator "/"), shared by the "dovecot-pair" collection.</summary>
public sealed class DovecotPairFixture() : DovecotServerPair(DovecotVariant.Slash, DovecotVariant.Slash);

/// <summary>Source Slash server + destination DotInbox server (prefix "INBOX.", separator "."), shared by "dovecot-mixed".</summary>
public sealed class DovecotMixedFixture() : DovecotServerPair(DovecotVariant.Slash, DovecotVariant.DotInbox);

/// <summary>
/// Collection names. xunit v2 only honours [CollectionDefinition] classes declared in the test
/// assembly itself, so each test project declares the two collections once (copy this):
/// <code>
/// [CollectionDefinition(DovecotCollections.Pair)]
/// public sealed class DovecotPairCollection : ICollectionFixture&lt;DovecotPairFixture&gt;;
/// [CollectionDefinition(DovecotCollections.Mixed)]
/// public sealed class DovecotMixedCollection : ICollectionFixture&lt;DovecotMixedFixture&gt;;
/// </code>
/// and test classes use <c>[Collection(DovecotCollections.Pair)]</c> with a constructor parameter
/// <see cref="DovecotPairFixture"/>.
/// </summary>
public static class DovecotCollections
{
    /// <summary>Two Slash servers (<see cref="DovecotPairFixture"/>).</summary>
    public const string Pair = "dovecot-pair";

    /// <summary>Slash source + DotInbox destination (<see cref="DovecotMixedFixture"/>).</summary>
    public const string Mixed = "dovecot-mixed";
}

/// <summary>Fresh user names; each user's mailbox is created by Dovecot on first login.</summary>
public static partial class TestUsers
{
    private static int _counter;
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..6];

    /// <summary>A user name unique in this process and run, e.g. "copy-3f9a1c-7" (safe characters only).</summary>
    public static string Unique(string prefix = "user")
    {
        string clean = Unsafe().Replace(prefix, "-").Trim('-');
        if (clean.Length == 0)
        {
            clean = "user";
        }
        return $"{clean.ToLowerInvariant()}-{RunId}-{Interlocked.Increment(ref _counter)}";
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]+")]
    private static partial Regex Unsafe();
}

internal static class FixtureHelper
{
    public static async Task<(DovecotServer, DovecotServer)> BothAsync(Task<DovecotServer> a, Task<DovecotServer> b)
    {
        try
        {
            await Task.WhenAll(a, b).ConfigureAwait(false);
            return (a.Result, b.Result);
        }
        catch
        {
            await DisposeBothAsync(a.IsCompletedSuccessfully ? a.Result : null, b.IsCompletedSuccessfully ? b.Result : null).ConfigureAwait(false);
            throw;
        }
    }

    public static async Task DisposeBothAsync(DovecotServer? a, DovecotServer? b)
    {
        await Task.WhenAll(
            a is null ? Task.CompletedTask : a.DisposeAsync().AsTask(),
            b is null ? Task.CompletedTask : b.DisposeAsync().AsTask()).ConfigureAwait(false);
    }
}
