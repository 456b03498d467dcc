using ImapTools.Common.Mapping;
using MailKit;

namespace ImapTools.Common.Selection;

/// <summary>Picks folders from a LIST result by the names a user typed (<c>-m</c> lists).</summary>
public static class MailboxSelector
{
    /// <summary>
    /// The folders named in <paramref name="names"/> (Unicode or modified UTF-7; INBOX in any case), in the order
    /// named, each once; with <paramref name="includeChildren"/> also every folder below a named one.
    /// An empty <paramref name="names"/> selects every folder. Names the server lacks are passed to <paramref name="missing"/>.
    /// </summary>
    public static List<IMailFolder> Select(IReadOnlyList<IMailFolder> all, IReadOnlyList<string> names, bool includeChildren, Action<string>? missing = null)
    {
        if (names.Count == 0) return all.ToList();
        var selected = new List<IMailFolder>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in names)
        {
            string name = ModifiedUtf7.LooksEncoded(raw) ? ModifiedUtf7.Decode(raw) : raw;
            var match = all.FirstOrDefault(f => f.FullName == name)
                        ?? (MailboxNameComparer.IsInbox(name) ? all.FirstOrDefault(f => MailboxNameComparer.IsInbox(f.FullName)) : null);
            bool any = false;
            if (match is not null)
            {
                any = true;
                if (seen.Add(match.FullName)) selected.Add(match);
            }
            if (includeChildren)
                foreach (var f in all.Where(f => f.FullName.Length > name.Length + 1 && f.FullName.StartsWith(name, StringComparison.Ordinal) && f.FullName[name.Length] == f.DirectorySeparator))
                {
                    any = true;
                    if (seen.Add(f.FullName)) selected.Add(f);
                }
            if (!any) missing?.Invoke(raw);
        }
        return selected;
    }
}
