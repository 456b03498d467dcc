using System.Text;
using MailKit;

namespace ImapTools.Common.Logging;

/// <summary>
/// The <c>-I</c> protocol trace: a MailKit <see cref="IProtocolLogger"/> that cuts the client and server byte
/// streams into lines and writes <c>&gt;&gt; line</c> / <c>&lt;&lt; line</c> through a <see cref="ToolLog"/>.
/// </summary>
/// <remarks>
/// <para>Secrets never reach the log. Two independent layers mask them:</para>
/// <list type="number">
/// <item>the byte ranges reported by MailKit's <see cref="AuthenticationSecretDetector"/> become <c>********</c>;</item>
/// <item>defence in depth, by pattern on the logical command (also when no detector is set):
///   <c>tag LOGIN user pwd</c> (atom, quoted or literal user and password) becomes <c>tag LOGIN user XXXXX</c>;
///   <c>tag AUTHENTICATE MECH ir</c> and <c>AUTH MECH ir</c> become <c>... MECH ********</c>; every client line sent
///   while a SASL exchange is in progress (after AUTHENTICATE/AUTH, until the server sends a line that is not a
///   <c>+</c>/<c>334</c> continuation or an untagged <c>*</c> line) becomes <c>********</c>; POP3 <c>PASS x</c>
///   becomes <c>PASS ********</c>.</item>
/// </list>
/// <para>DECISION: the LOGIN password is masked as <c>XXXXX</c> with the user left visible, the form the legacy
/// imapcopy used (<c>&gt;&gt; 1 LOGIN &lt;user&gt; XXXXX</c>), so traces stay comparable; everything else uses
/// <c>********</c>. The user token of a LOGIN recognised by the pattern is shown even though MailKit's detector
/// reports it as a secret too. Unlike the legacy tools, AUTHENTICATE payloads are never logged in clear.</para>
/// <para>Literals: after a line ending in <c>{n}</c> or <c>{n+}</c>, a literal over
/// <see cref="MaxTracedLiteral"/> bytes (APPEND data, FETCH BODY[]) is logged as <c>[literal: n bytes]</c> and its
/// bytes are skipped; smaller ones (header fields) are logged line by line, as the originals did. The empty line
/// that ends an APPEND after a skipped literal is not logged.</para>
/// <para>Limitation: the literal syntax is recognised in any protocol, so a POP3/SMTP line that happens to end in
/// <c>{n}</c> is treated as announcing a literal (it can only hide lines, never reveal a masked one).</para>
/// </remarks>
internal sealed class ProtocolTraceLogger : IProtocolLogger
{
    /// <summary>Literals up to this size are traced line by line; larger ones are summarised.</summary>
    internal const int MaxTracedLiteral = 1024;

    /// <summary>Replacement for secrets other than the LOGIN password.</summary>
    internal const string SecretMask = "********";

    /// <summary>Replacement for the LOGIN password (legacy imapcopy form).</summary>
    internal const string LoginPasswordMask = "XXXXX";

    private enum ByteClass : byte
    {
        Clear,
        Detected,
        User,
        Password,
        Secret,
    }

    private enum Continuation
    {
        None,
        LoginUserLiteral,
        MaskAllPassword,
        MaskAllSecret,
    }

    private sealed class Direction(string prefix)
    {
        public readonly string Prefix = prefix;
        public byte[] Bytes = new byte[256];
        public ByteClass[] Classes = new ByteClass[256];
        public int Length;
        public long LiteralRemaining;
        public long SkipRemaining;
        public int LiteralEnd;
        public bool StartedInLiteral;
        public bool AtCommandStart = true;
        public bool AfterSkippedLiteral;

        public void Append(byte b, ByteClass c)
        {
            if (Length == Bytes.Length)
            {
                Array.Resize(ref Bytes, Bytes.Length * 2);
                Array.Resize(ref Classes, Classes.Length * 2);
            }
            Bytes[Length] = b;
            Classes[Length] = c;
            Length++;
        }

        public void Reset()
        {
            Length = 0;
            LiteralRemaining = 0;
            SkipRemaining = 0;
            LiteralEnd = 0;
            StartedInLiteral = false;
            AtCommandStart = true;
            AfterSkippedLiteral = false;
        }
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Action<string> _write;
    private readonly object _sync = new();
    private readonly Direction _client = new(">> ");
    private readonly Direction _server = new("<< ");
    private Continuation _continuation;
    private bool _sasl;
    private bool _disposed;

    /// <summary>Creates a trace that writes each rendered line to <paramref name="write"/>.</summary>
    public ProtocolTraceLogger(Action<string> write) => _write = write ?? throw new ArgumentNullException(nameof(write));

    /// <summary>Set by MailKit; reports the byte ranges of secrets in the client output while authenticating.</summary>
    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>A new connection: flushes any partial line and resets the per-connection state. Logs nothing.</summary>
    public void LogConnect(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        lock (_sync)
        {
            if (_disposed)
                return;
            FlushPartial(_client);
            FlushPartial(_server);
            _client.Reset();
            _server.Reset();
            _continuation = Continuation.None;
            _sasl = false;
        }
    }

    /// <summary>Bytes written by the client.</summary>
    public void LogClient(byte[] buffer, int offset, int count)
    {
        Validate(buffer, offset, count);
        lock (_sync)
        {
            if (_disposed || count == 0)
                return;
            bool[]? detected = null;
            var secrets = AuthenticationSecretDetector?.DetectSecrets(buffer, offset, count);
            if (secrets is { Count: > 0 })
            {
                detected = new bool[count];
                foreach (var secret in secrets)
                {
                    int start = Math.Max(secret.StartIndex, offset);
                    int end = Math.Min(secret.StartIndex + secret.Length, offset + count);
                    for (int i = start; i < end; i++)
                        detected[i - offset] = true;
                }
            }
            Feed(_client, buffer, offset, count, detected);
        }
    }

    /// <summary>Bytes read from the server.</summary>
    public void LogServer(byte[] buffer, int offset, int count)
    {
        Validate(buffer, offset, count);
        lock (_sync)
        {
            if (_disposed || count == 0)
                return;
            Feed(_server, buffer, offset, count, null);
        }
    }

    /// <summary>Logs any partial line still buffered (masked as usual) and stops tracing.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_disposed)
                return;
            FlushPartial(_client);
            FlushPartial(_server);
            _disposed = true;
        }
    }

    private static void Validate(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (offset < 0 || offset > buffer.Length)
            throw new ArgumentOutOfRangeException(nameof(offset));
        if (count < 0 || count > buffer.Length - offset)
            throw new ArgumentOutOfRangeException(nameof(count));
    }

    private void FlushPartial(Direction d)
    {
        if (d.Length > 0)
            EndLine(d, lfInLiteral: d.LiteralRemaining > 0, announceLiteral: false);
    }

    private void Feed(Direction d, byte[] buffer, int offset, int count, bool[]? detected)
    {
        int i = offset, end = offset + count;
        while (i < end)
        {
            if (d.SkipRemaining > 0)
            {
                int n = (int)Math.Min(d.SkipRemaining, end - i);
                i += n;
                d.SkipRemaining -= n;
                continue;
            }

            byte b = buffer[i];
            bool inLiteral = d.LiteralRemaining > 0;
            if (inLiteral)
                d.LiteralRemaining--;

            if (b == (byte)'\n')
            {
                EndLine(d, inLiteral, announceLiteral: true);
            }
            else
            {
                d.Append(b, detected is not null && detected[i - offset] ? ByteClass.Detected : ByteClass.Clear);
                if (inLiteral && d.LiteralRemaining == 0)
                    d.LiteralEnd = d.Length;
            }
            i++;
        }
    }

    private void EndLine(Direction d, bool lfInLiteral, bool announceLiteral)
    {
        int len = d.Length;
        if (len > 0 && d.Bytes[len - 1] == (byte)'\r')
            len--;

        int literalStart = -1;
        long literal = 0;
        if (lfInLiteral || !TryTrailingLiteral(d.Bytes, d.LiteralEnd, len, out literalStart, out literal))
            literalStart = -1;
        bool continues = lfInLiteral || literalStart >= 0;

        if (ReferenceEquals(d, _client))
            MaskClientLine(d, len, literalStart, continues);
        else
            ObserveServerLine(d, len);

        if (!(d.AfterSkippedLiteral && len == 0))
            _write(d.Prefix + Render(d, len));

        d.Length = 0;
        d.LiteralEnd = 0;
        d.AfterSkippedLiteral = false;
        d.AtCommandStart = !continues;
        if (literalStart >= 0 && announceLiteral)
        {
            if (literal > MaxTracedLiteral)
            {
                _write(d.Prefix + "[literal: " + literal.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes]");
                d.SkipRemaining = literal;
                d.AfterSkippedLiteral = true;
            }
            else
            {
                d.LiteralRemaining = literal;
            }
        }
        d.StartedInLiteral = d.LiteralRemaining > 0;
    }

    /// <summary>Finds a <c>{n}</c> or <c>{n+}</c> at the end of the line whose brace is not inside literal data.</summary>
    private static bool TryTrailingLiteral(byte[] bytes, int minStart, int len, out int start, out long value)
    {
        start = -1;
        value = 0;
        if (len - minStart < 3 || bytes[len - 1] != (byte)'}')
            return false;
        int j = len - 2;
        if (bytes[j] == (byte)'+')
            j--;
        int digitsEnd = j + 1;
        while (j >= minStart && bytes[j] >= (byte)'0' && bytes[j] <= (byte)'9')
            j--;
        if (j < minStart || bytes[j] != (byte)'{' || j + 1 == digitsEnd || digitsEnd - (j + 1) > 18)
            return false;
        long n = 0;
        for (int k = j + 1; k < digitsEnd; k++)
            n = n * 10 + (bytes[k] - (byte)'0');
        start = j;
        value = n;
        return true;
    }

    private void ObserveServerLine(Direction d, int len)
    {
        if (!_sasl || !d.AtCommandStart)
            return;
        var b = d.Bytes;
        if (len > 0 && b[0] == (byte)'+' && (len == 1 || b[1] == (byte)' '))
            return; // IMAP/POP3 SASL continuation
        if (len > 0 && b[0] == (byte)'*')
            return; // untagged response: the exchange goes on
        if (len >= 3 && b[0] == (byte)'3' && b[1] == (byte)'3' && b[2] == (byte)'4')
            return; // SMTP SASL continuation
        _sasl = false;
    }

    private void MaskClientLine(Direction d, int len, int literalStart, bool continues)
    {
        bool endsWithLiteral = literalStart >= 0;
        switch (_continuation)
        {
            case Continuation.MaskAllPassword:
                Mark(d, 0, len, ByteClass.Password);
                break;
            case Continuation.MaskAllSecret:
                Mark(d, 0, len, ByteClass.Secret);
                break;
            case Continuation.LoginUserLiteral:
                int userEnd = d.LiteralEnd;
                if (d.StartedInLiteral && userEnd > 0 && userEnd <= len)
                {
                    Mark(d, 0, userEnd, ByteClass.User);
                    int pw = userEnd < len && d.Bytes[userEnd] == (byte)' ' ? userEnd + 1 : userEnd;
                    Mark(d, pw, len, ByteClass.Password);
                    _continuation = endsWithLiteral ? Continuation.MaskAllPassword : Continuation.None;
                }
                else
                {
                    // Not the shape we expect: hide the whole rest of the command.
                    Mark(d, 0, len, ByteClass.Password);
                    _continuation = Continuation.MaskAllPassword;
                }
                break;
            default:
                MaskCommand(d, len, literalStart);
                break;
        }
        if (!continues)
            _continuation = Continuation.None;
    }

    private void MaskCommand(Direction d, int len, int literalStart)
    {
        bool endsWithLiteral = literalStart >= 0;
        if (_sasl && d.AtCommandStart)
        {
            // A SASL response line (PLAIN blob, CRAM-MD5 digest, XOAUTH2 token, AUTH LOGIN user/password...).
            Mark(d, 0, len, ByteClass.Secret);
            if (endsWithLiteral)
                _continuation = Continuation.MaskAllSecret;
            return;
        }

        // The patterns are checked on every line that is not already masked (not only on command starts):
        // over-masking a literal line is harmless, missing a command is not.
        var b = d.Bytes;
        int p = 0;
        var (t0s, t0e) = NextToken(b, ref p, len);
        if (Is(b, t0s, t0e, "PASS"))
        {
            MaskRest(d, p, len, ByteClass.Secret, endsWithLiteral);
            return;
        }
        if (Is(b, t0s, t0e, "AUTH"))
        {
            _sasl = true;
            NextToken(b, ref p, len); // mechanism
            MaskRest(d, p, len, ByteClass.Secret, endsWithLiteral);
            return;
        }

        var (t1s, t1e) = NextToken(b, ref p, len);
        if (Is(b, t1s, t1e, "AUTHENTICATE"))
        {
            _sasl = true;
            NextToken(b, ref p, len); // mechanism
            MaskRest(d, p, len, ByteClass.Secret, endsWithLiteral);
            return;
        }
        if (Is(b, t1s, t1e, "LOGIN"))
            MaskLogin(d, p, len, literalStart);
    }

    private void MaskLogin(Direction d, int p, int len, int literalStart)
    {
        bool endsWithLiteral = literalStart >= 0;
        var b = d.Bytes;
        if (p >= len)
        {
            // "tag LOGIN" alone, or "tag LOGIN " + nothing yet.
            return;
        }

        int userEnd;
        if (b[p] == (byte)'{')
        {
            if (literalStart == p)
            {
                // The user name is a literal; it starts the next line, followed by the password.
                _continuation = Continuation.LoginUserLiteral;
                return;
            }
            MaskRest(d, p, len, ByteClass.Password, endsWithLiteral);
            return;
        }
        if (b[p] == (byte)'"')
        {
            int q = p + 1;
            bool escaped = false;
            while (q < len)
            {
                if (escaped)
                    escaped = false;
                else if (b[q] == (byte)'\\')
                    escaped = true;
                else if (b[q] == (byte)'"')
                    break;
                q++;
            }
            if (q >= len)
            {
                MaskRest(d, p, len, ByteClass.Password, endsWithLiteral);
                return;
            }
            userEnd = q + 1;
        }
        else
        {
            userEnd = p;
            while (userEnd < len && b[userEnd] != (byte)' ')
                userEnd++;
        }

        if (userEnd >= len || b[userEnd] != (byte)' ')
        {
            // No password on this line: nothing to reveal, keep whatever the detector reported.
            if (endsWithLiteral)
                _continuation = Continuation.MaskAllPassword;
            return;
        }

        Mark(d, p, userEnd, ByteClass.User);
        MaskRest(d, userEnd + 1, len, ByteClass.Password, endsWithLiteral);
    }

    private void MaskRest(Direction d, int from, int len, ByteClass kind, bool endsWithLiteral)
    {
        Mark(d, from, len, kind);
        if (endsWithLiteral)
            _continuation = kind == ByteClass.Password ? Continuation.MaskAllPassword : Continuation.MaskAllSecret;
    }

    private static void Mark(Direction d, int from, int to, ByteClass kind)
    {
        for (int i = Math.Max(from, 0); i < to; i++)
            d.Classes[i] = kind;
    }

    /// <summary>Returns the next space-delimited token and moves <paramref name="p"/> past it and one space.</summary>
    private static (int Start, int End) NextToken(byte[] b, ref int p, int len)
    {
        int start = p;
        while (p < len && b[p] != (byte)' ')
            p++;
        int end = p;
        if (p < len)
            p++;
        return (start, end);
    }

    private static bool Is(byte[] b, int start, int end, string word)
    {
        if (end - start != word.Length)
            return false;
        for (int i = 0; i < word.Length; i++)
        {
            int c = b[start + i];
            if (c >= 'a' && c <= 'z')
                c -= 32;
            if (c != word[i])
                return false;
        }
        return true;
    }

    private static string Render(Direction d, int len)
    {
        var b = d.Bytes;
        var cls = d.Classes;
        var sb = new StringBuilder(len);
        int i = 0;
        while (i < len)
        {
            var c = cls[i];
            int j = i + 1;
            switch (c)
            {
                case ByteClass.Clear or ByteClass.User:
                    while (j < len && cls[j] is ByteClass.Clear or ByteClass.User)
                        j++;
                    sb.Append(Utf8.GetString(b, i, j - i));
                    break;
                case ByteClass.Password:
                    while (j < len && cls[j] == ByteClass.Password)
                        j++;
                    sb.Append(LoginPasswordMask);
                    break;
                default:
                    while (j < len && cls[j] is ByteClass.Detected or ByteClass.Secret)
                        j++;
                    sb.Append(SecretMask);
                    break;
            }
            i = j;
        }
        return sb.ToString();
    }
}
