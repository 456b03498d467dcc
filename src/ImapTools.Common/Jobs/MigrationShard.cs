using System.Globalization;
using System.Text;

namespace ImapTools.Common.Jobs;

/// <summary>
/// <c>--shard I/N</c>: the deterministic share of a users file that one of N machines migrates. A user belongs to
/// shard <c>1 + FNV-1a-32(UTF-8 bytes of the source user name) mod N</c>; shards are numbered 1 … N (a Kubernetes
/// Indexed Job passes <c>$((JOB_COMPLETION_INDEX + 1))</c>). The share depends only on the user's name, never on its
/// line, so adding, removing or reordering lines never moves the other users to another machine (whose
/// <c>--state</c> directory would not know them).
/// </summary>
/// <param name="Index">This machine's share, 1 … <paramref name="Count"/>.</param>
/// <param name="Count">How many machines share the file (1 or more).</param>
public sealed record MigrationShard(int Index, int Count)
{
    /// <summary>The whole file (no <c>--shard</c>).</summary>
    public static readonly MigrationShard All = new(1, 1);

    /// <summary>Parses <c>I/N</c>; anything else is a usage error naming the value.</summary>
    /// <param name="text">The option value, e.g. <c>1/3</c>.</param>
    public static MigrationShard Parse(string text)
    {
        string[] parts = (text ?? "").Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index >= 1 && index <= count)
            return new MigrationShard(index, count);
        throw new ImapToolsException($"--shard {text}: expected I/N with 1 <= I <= N (e.g. 1/3, 2/3, 3/3)", ExitCodes.Usage);
    }

    /// <summary>True when the user with this source name belongs to this shard.</summary>
    /// <param name="sourceUser">The source user name exactly as in the users file.</param>
    public bool Contains(string sourceUser) => Count == 1 || Of(sourceUser, Count) == Index;

    /// <summary>The shard (1 … <paramref name="count"/>) of a source user name.</summary>
    public static int Of(string sourceUser, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(sourceUser ?? ""))
        {
            hash ^= b;
            hash *= 16777619;
        }
        return 1 + (int)(hash % (uint)count);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
