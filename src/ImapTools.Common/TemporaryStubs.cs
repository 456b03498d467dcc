// TEMPORARY STUBS so the copy engine can be exercised before the helper branches land. Deleted at merge.
#pragma warning disable CS1591, CS9113
using System.Text.RegularExpressions;
using MailKit.Search;
using MimeKit;

namespace ImapTools.Common.Mapping
{
    public sealed record MailboxNamespace(string Prefix, char Delimiter)
    {
        public static MailboxNamespace ParseOverride(string value) { var p = value.Split(' ', StringSplitOptions.RemoveEmptyEntries); return new(p.Length > 1 ? p[1] : "", p[0][0]); }
    }
    public static class ModifiedUtf7
    {
        public static string Encode(string name) => name;
        public static string Decode(string wire) => wire;
        public static bool LooksEncoded(string s) => false;
    }
    public sealed class MailboxMap
    {
        public static MailboxMap Load(string path, char s, char d) => new();
        public bool TryMap(string src, out string dst) { dst = src; return false; }
    }
    public sealed record NameTranslationOptions(string? Root = null, bool GmailSource = false, bool StripGmail = false);
    public sealed class MailboxNameTranslator(MailboxNamespace source, MailboxNamespace destination, MailboxMap? map, NameTranslationOptions options)
    {
        public string? RootMailbox => options.Root;
        public string Translate(string s)
        {
            if (s.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return "INBOX";
            if (s.StartsWith(source.Prefix)) s = s[source.Prefix.Length..];
            s = s.Replace(destination.Delimiter, '_').Replace(source.Delimiter, destination.Delimiter);
            return destination.Prefix + s;
        }
    }
}

namespace ImapTools.Common.Dedupe
{
    public static class MessageKey
    {
        public static string Compute(HeaderList? headers) => headers?["Message-ID"]?.Trim() ?? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(headers?.ToString() ?? "")));
    }
    public sealed class CopiedKeyStore : IDisposable
    {
        readonly HashSet<string> k = new();
        public static CopiedKeyStore Open(string d, string u) => new();
        public bool Contains(string key) { lock (k) return k.Contains(key); }
        public void Add(string key) { lock (k) k.Add(key); }
        public void Dispose() { }
    }
    public sealed class SkipList
    {
        public static SkipList LoadIfPresent(string p) => new();
        public bool Contains(string k) => false;
        public IReadOnlyCollection<string> Keys => [];
    }
}

namespace ImapTools.Common.Selection
{
    public static class ImapDate { public static DateTime ParseLegacy(string v, string l) => DateTime.ParseExact(v, "d-MMM-yyyy", System.Globalization.CultureInfo.InvariantCulture); }
    public sealed record DateRange(DateTime? Since, DateTime? Before)
    {
        public SearchQuery ToSearchQuery() => Since is { } s && Before is { } b ? SearchQuery.DeliveredAfter(s).And(SearchQuery.DeliveredBefore(b)) : Since is { } s2 ? SearchQuery.DeliveredAfter(s2) : SearchQuery.DeliveredBefore(Before!.Value);
        public string Describe() => "";
    }
    public sealed record ClientDateFilter(bool Since, DateTime Cutoff)
    {
        public static ClientDateFilter Parse(string v) => new(true, DateTime.MinValue);
        public bool Matches(DateTimeOffset d) => true;
    }
    public sealed class MailboxFilter(IEnumerable<string> ex, IEnumerable<string> rx, bool gmail)
    {
        public bool IsExcluded(string name, out string? reason) { reason = null; return ex.Contains(name) || rx.Any(r => Regex.IsMatch(name, r)); }
    }
}
