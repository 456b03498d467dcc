using System.Globalization;
using System.Text;
using MailKit.Search;

namespace ImapTools.Common.Selection;

/// <summary>
/// Parses an IMAP SEARCH expression as a user types it (RFC 3501 §6.4.4 search keys, e.g.
/// <c>OR (SINCE 01-mar-2001 SEEN)(before 01-mar-2001 UNSEEN)</c>) into a MailKit <see cref="SearchQuery"/>, so the
/// server does the matching. Used by imapcopy's -z (the guide's meaning) and by rule files that pass SEARCH keys.
/// </summary>
public static class SearchExpression
{
    /// <summary>Parses <paramref name="text"/>; a malformed expression gives an <see cref="ImapToolsException"/> naming the problem.</summary>
    public static SearchQuery Parse(string text)
    {
        var parser = new Parser(Tokenize(text), text);
        if (parser.AtEnd) throw Error(text, "the expression is empty");
        var query = parser.ParseList(untilParen: false);
        if (!parser.AtEnd) throw Error(text, $"unexpected '{parser.Peek.Text}'");
        return query;
    }

    private readonly record struct Token(string Text, bool Quoted);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '(' or ')') { tokens.Add(new Token(c.ToString(), false)); i++; continue; }
            if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    sb.Append(text[i++]);
                }
                if (i >= text.Length) throw Error(text, "a quoted string is not closed");
                i++;
                tokens.Add(new Token(sb.ToString(), true));
                continue;
            }
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not '"') i++;
            tokens.Add(new Token(text[start..i], false));
        }
        return tokens;
    }

    private sealed class Parser(List<Token> t, string text)
    {
        private int pos;

        public bool AtEnd => pos >= t.Count;

        public Token Peek => t[pos];

        public SearchQuery ParseList(bool untilParen)
        {
            SearchQuery? result = null;
            while (pos < t.Count && !(untilParen && t[pos] is { Text: ")", Quoted: false }))
            {
                var key = ParseKey();
                result = result is null ? key : result.And(key);
            }
            return result ?? throw Error(text, "empty parentheses");
        }

        private SearchQuery ParseKey()
        {
            if (pos >= t.Count) throw Error(text, "a search key is missing at the end");
            var token = t[pos++];
            if (token is { Text: "(", Quoted: false })
            {
                var inner = ParseList(untilParen: true);
                if (pos >= t.Count) throw Error(text, "missing ')'");
                pos++;
                return inner;
            }
            if (token.Quoted) throw Error(text, $"\"{token.Text}\" is not a search key");
            string Arg() => pos < t.Count && (t[pos].Quoted || t[pos].Text is not ("(" or ")"))
                ? t[pos++].Text
                : throw Error(text, $"{token.Text} needs a value");
            DateTime Date()
            {
                string v = Arg();
                return DateTime.TryParseExact(v, "d-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : throw Error(text, $"'{v}' is not a DD-MMM-YYYY date");
            }
            int Number()
            {
                string v = Arg();
                return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : throw Error(text, $"'{v}' is not a number");
            }
            return token.Text.ToUpperInvariant() switch
            {
                "ALL" => SearchQuery.All,
                "ANSWERED" => SearchQuery.Answered,
                "DELETED" => SearchQuery.Deleted,
                "DRAFT" => SearchQuery.Draft,
                "FLAGGED" => SearchQuery.Flagged,
                "NEW" => SearchQuery.New,
                "OLD" => SearchQuery.Old,
                "RECENT" => SearchQuery.Recent,
                "SEEN" => SearchQuery.Seen,
                "UNANSWERED" => SearchQuery.NotAnswered,
                "UNDELETED" => SearchQuery.NotDeleted,
                "UNDRAFT" => SearchQuery.NotDraft,
                "UNFLAGGED" => SearchQuery.NotFlagged,
                "UNSEEN" => SearchQuery.NotSeen,
                "BCC" => SearchQuery.BccContains(Arg()),
                "CC" => SearchQuery.CcContains(Arg()),
                "FROM" => SearchQuery.FromContains(Arg()),
                "TO" => SearchQuery.ToContains(Arg()),
                "SUBJECT" => SearchQuery.SubjectContains(Arg()),
                "BODY" => SearchQuery.BodyContains(Arg()),
                "TEXT" => SearchQuery.MessageContains(Arg()),
                "BEFORE" => SearchQuery.DeliveredBefore(Date()),
                "ON" => SearchQuery.DeliveredOn(Date()),
                "SINCE" => SearchQuery.DeliveredAfter(Date()),
                "SENTBEFORE" => SearchQuery.SentBefore(Date()),
                "SENTON" => SearchQuery.SentOn(Date()),
                "SENTSINCE" => SearchQuery.SentSince(Date()),
                "KEYWORD" => SearchQuery.HasKeyword(Arg()),
                "UNKEYWORD" => SearchQuery.NotKeyword(Arg()),
                "LARGER" => SearchQuery.LargerThan(Number()),
                "SMALLER" => SearchQuery.SmallerThan(Number()),
                "HEADER" => SearchQuery.HeaderContains(Arg(), Arg()),
                "NOT" => SearchQuery.Not(ParseKey()),
                "OR" => SearchQuery.Or(ParseKey(), ParseKey()),
                _ => throw Error(text, $"unknown search key '{token.Text}'"),
            };
        }
    }

    private static ImapToolsException Error(string text, string reason) =>
        new($"Invalid SEARCH expression '{text}': {reason}", ExitCodes.Usage);
}
