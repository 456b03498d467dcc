using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using ImapTools.Common.Logging;
using MailKit;

namespace ImapTools.Common.Tests.Logging;

public sealed class ProtocolTraceLoggerTests
{
    private const string Secret = "s3cr3t";

    /// <summary>Feeds scripted client/server traffic in chunks of a given size (0 = one chunk per step).</summary>
    private sealed class Session
    {
        public readonly List<string> Output = new();
        public readonly ProtocolTraceLogger Logger;
        private readonly int _chunk;

        public Session(int chunk, IAuthenticationSecretDetector? detector = null)
        {
            _chunk = chunk;
            Logger = new ProtocolTraceLogger(Output.Add) { AuthenticationSecretDetector = detector };
        }

        public Session C(string text) => Send(Encoding.UTF8.GetBytes(text), client: true);
        public Session S(string text) => Send(Encoding.UTF8.GetBytes(text), client: false);
        public Session C(byte[] bytes) => Send(bytes, client: true);
        public Session S(byte[] bytes) => Send(bytes, client: false);

        private Session Send(byte[] bytes, bool client)
        {
            // Copy into a bigger buffer at a non-zero offset, as MailKit does.
            int step = _chunk <= 0 ? Math.Max(bytes.Length, 1) : _chunk;
            for (int i = 0; i < bytes.Length; i += step)
            {
                int n = Math.Min(step, bytes.Length - i);
                var buffer = new byte[n + 10];
                Array.Copy(bytes, i, buffer, 5, n);
                if (client)
                    Logger.LogClient(buffer, 5, n);
                else
                    Logger.LogServer(buffer, 5, n);
            }
            return this;
        }
    }

    public static IEnumerable<object[]> Chunks => new[] { 0, 1, 2, 3, 5, 7, 13, 64 }.Select(c => new object[] { c });

    private static void AssertNoSecret(IEnumerable<string> lines, params string[] secrets)
    {
        var all = string.Join("\n", lines);
        foreach (var s in secrets)
            Assert.DoesNotContain(s, all, StringComparison.Ordinal);
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Theory]
    [MemberData(nameof(Chunks))]
    public void SplitsLinesAcrossChunks_AndStripsCrLf(int chunk)
    {
        var s = new Session(chunk)
            .S("* OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot ready.\r\n")
            .C("A00000000 CAPABILITY\r\n")
            .S("* CAPABILITY IMAP4rev1 IDLE\r\nA00000000 OK Pre-login capabilities listed, post-login capabilities have more.\r\n")
            .C("A00000001 LIST \"\" \"*\"\r\n")
            .S("* LIST (\\HasNoChildren) \"/\" INBOX\r\n* LIST () \"/\" Sent\nA00000001 OK List completed\r\n");

        Assert.Equal(new[]
        {
            "<< * OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot ready.",
            ">> A00000000 CAPABILITY",
            "<< * CAPABILITY IMAP4rev1 IDLE",
            "<< A00000000 OK Pre-login capabilities listed, post-login capabilities have more.",
            ">> A00000001 LIST \"\" \"*\"",
            "<< * LIST (\\HasNoChildren) \"/\" INBOX",
            "<< * LIST () \"/\" Sent",
            "<< A00000001 OK List completed",
        }, s.Output);
    }

    public static IEnumerable<object[]> LoginForms()
    {
        foreach (var chunk in new[] { 0, 1, 3, 7 })
        {
            yield return new object[] { chunk, new[] { "A00000000 LOGIN alice \"s3cr3t\"\r\n" }, new[] { ">> A00000000 LOGIN alice XXXXX" } };
            yield return new object[] { chunk, new[] { "A00000000 LOGIN alice s3cr3t\r\n" }, new[] { ">> A00000000 LOGIN alice XXXXX" } };
            yield return new object[] { chunk, new[] { "A00000000 LOGIN \"alice\" \"s3cr3t\"\r\n" }, new[] { ">> A00000000 LOGIN \"alice\" XXXXX" } };
            yield return new object[] { chunk, new[] { "A00000000 LOGIN \"al ice\" \"s3\\\"cr3t\"\r\n" }, new[] { ">> A00000000 LOGIN \"al ice\" XXXXX" } };
            yield return new object[] { chunk, new[] { "1 login alice \"s3cr3t\"\r\n" }, new[] { ">> 1 login alice XXXXX" } };
            // LITERAL+ password, sent in one go.
            yield return new object[] { chunk, new[] { "A00000000 LOGIN alice {6+}\r\ns3cr3t\r\n" }, new[] { ">> A00000000 LOGIN alice XXXXX", ">> XXXXX" } };
            // Synchronising literal password: the server's continuation comes in between.
            yield return new object[] { chunk, new[] { "A00000000 LOGIN alice {6}\r\n", "S:+ OK\r\n", "s3cr3t\r\n" }, new[] { ">> A00000000 LOGIN alice XXXXX", "<< + OK", ">> XXXXX" } };
            // Literal user and literal password.
            yield return new object[] { chunk, new[] { "A00000000 LOGIN {5}\r\n", "S:+ OK\r\n", "alice {6}\r\n", "S:+ OK\r\n", "s3cr3t\r\n" },
                new[] { ">> A00000000 LOGIN {5}", "<< + OK", ">> alice XXXXX", "<< + OK", ">> XXXXX" } };
            yield return new object[] { chunk, new[] { "A00000000 LOGIN {5+}\r\nalice \"s3cr3t\"\r\n" }, new[] { ">> A00000000 LOGIN {5+}", ">> alice XXXXX" } };
        }
    }

    [Theory]
    [MemberData(nameof(LoginForms))]
    public void Login_PasswordIsMaskedAsXxxxx_UserStaysVisible(int chunk, string[] steps, string[] expected)
    {
        var s = new Session(chunk);
        foreach (var step in steps)
        {
            if (step.StartsWith("S:", StringComparison.Ordinal))
                s.S(step[2..]);
            else
                s.C(step);
        }
        s.S("A00000000 OK Logged in\r\n").C("A00000001 SELECT INBOX\r\n");

        Assert.Equal(expected.Concat(new[] { "<< A00000000 OK Logged in", ">> A00000001 SELECT INBOX" }), s.Output);
        AssertNoSecret(s.Output, Secret, "cr3t");
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void AuthenticatePlain_ContinuationResponseIsMasked(int chunk)
    {
        var blob = B64("\0alice\0" + Secret);
        var s = new Session(chunk)
            .C("A00000001 AUTHENTICATE PLAIN\r\n")
            .S("+ \r\n")
            .C(blob + "\r\n")
            .S("A00000001 OK Logged in\r\n")
            .C("A00000002 NOOP\r\n");

        Assert.Equal(new[]
        {
            ">> A00000001 AUTHENTICATE PLAIN",
            "<< + ",
            ">> ********",
            "<< A00000001 OK Logged in",
            ">> A00000002 NOOP",
        }, s.Output);
        AssertNoSecret(s.Output, Secret, blob, blob[..8]);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void AuthenticateWithInitialResponse_IsMasked(int chunk)
    {
        var plain = B64("\0alice\0" + Secret);
        var token = "ya29.A0ARrdaM-secret-token";
        var xoauth = B64($"user=alice@example.com\u0001auth=Bearer {token}\u0001\u0001");
        var error = B64("{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}");
        var s = new Session(chunk)
            .C($"A00000001 AUTHENTICATE PLAIN {plain}\r\n")
            .S("A00000001 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")
            .C($"A00000002 AUTHENTICATE XOAUTH2 {xoauth}\r\n")
            .S($"+ {error}\r\n")
            .C("\r\n")
            .S("A00000002 NO [AUTHENTICATIONFAILED] Invalid credentials\r\n")
            .C("A00000003 LOGOUT\r\n");

        Assert.Equal(new[]
        {
            ">> A00000001 AUTHENTICATE PLAIN ********",
            "<< A00000001 NO [AUTHENTICATIONFAILED] Authentication failed.",
            ">> A00000002 AUTHENTICATE XOAUTH2 ********",
            $"<< + {error}",
            ">> ",
            "<< A00000002 NO [AUTHENTICATIONFAILED] Invalid credentials",
            ">> A00000003 LOGOUT",
        }, s.Output);
        AssertNoSecret(s.Output, Secret, plain, xoauth, token, xoauth[..12]);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void CramMd5_ChallengeVisible_ResponseMasked(int chunk)
    {
        var challenge = "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+";
        var response = B64("alice b913a602c7eda7a495b4e6e7334d3890");
        var s = new Session(chunk)
            .C("A00000001 AUTHENTICATE CRAM-MD5\r\n")
            .S($"+ {challenge}\r\n")
            .C(response + "\r\n")
            .S("* CAPABILITY IMAP4rev1\r\n")
            .S("A00000001 OK done\r\n");

        Assert.Equal(new[]
        {
            ">> A00000001 AUTHENTICATE CRAM-MD5",
            $"<< + {challenge}",
            ">> ********",
            "<< * CAPABILITY IMAP4rev1",
            "<< A00000001 OK done",
        }, s.Output);
        AssertNoSecret(s.Output, response, "b913a602c7eda7a495b4e6e7334d3890");
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void Pop3_PassAndAuth_AreMasked(int chunk)
    {
        var plain = B64("\0alice\0" + Secret);
        var s = new Session(chunk)
            .S("+OK POP3 ready\r\n")
            .C("USER alice\r\n").S("+OK\r\n")
            .C($"PASS {Secret}\r\n").S("-ERR [AUTH] Authentication failed.\r\n")
            .C("pass s3 cr3t with spaces\r\n").S("-ERR\r\n")
            .C($"AUTH PLAIN {plain}\r\n").S("-ERR\r\n")
            .C("AUTH PLAIN\r\n").S("+ \r\n").C(plain + "\r\n").S("+OK Logged in.\r\n")
            .C("STAT\r\n");

        Assert.Equal(new[]
        {
            "<< +OK POP3 ready",
            ">> USER alice", "<< +OK",
            ">> PASS ********", "<< -ERR [AUTH] Authentication failed.",
            ">> pass ********", "<< -ERR",
            ">> AUTH PLAIN ********", "<< -ERR",
            ">> AUTH PLAIN", "<< + ", ">> ********", "<< +OK Logged in.",
            ">> STAT",
        }, s.Output);
        AssertNoSecret(s.Output, Secret, plain, "cr3t");
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void SmtpAuthLogin_ResponsesMasked(int chunk)
    {
        var s = new Session(chunk)
            .C("AUTH LOGIN\r\n").S("334 VXNlcm5hbWU6\r\n")
            .C(B64("alice") + "\r\n").S("334 UGFzc3dvcmQ6\r\n")
            .C(B64(Secret) + "\r\n").S("235 2.7.0 Authentication successful\r\n")
            .C("MAIL FROM:<alice@example.com>\r\n");

        Assert.Equal(new[]
        {
            ">> AUTH LOGIN", "<< 334 VXNlcm5hbWU6", ">> ********", "<< 334 UGFzc3dvcmQ6", ">> ********",
            "<< 235 2.7.0 Authentication successful", ">> MAIL FROM:<alice@example.com>",
        }, s.Output);
        AssertNoSecret(s.Output, Secret, B64(Secret));
    }

    /// <summary>A detector that flags every occurrence of a word, to test the detector layer on its own.</summary>
    private sealed class WordDetector(string word) : IAuthenticationSecretDetector
    {
        public IList<AuthenticationSecret> DetectSecrets(byte[] buffer, int offset, int count)
        {
            var result = new List<AuthenticationSecret>();
            var text = Encoding.ASCII.GetString(buffer, offset, count);
            for (int i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
                result.Add(new AuthenticationSecret(offset + i, word.Length));
            return result;
        }
    }

    [Fact]
    public void DetectorRanges_AreMasked_EvenWhereNoPatternApplies()
    {
        var s = new Session(0, new WordDetector("tok3n"))
            .C("A00000005 ID (\"x-token\" \"tok3n\")\r\n");
        Assert.Equal(new[] { ">> A00000005 ID (\"x-token\" \"********\")" }, s.Output);
    }

    private static IAuthenticationSecretDetector MailKitImapDetector()
    {
        var type = typeof(IProtocolLogger).Assembly.GetType("MailKit.Net.Imap.ImapAuthenticationSecretDetector", throwOnError: true)!;
        var detector = (IAuthenticationSecretDetector)Activator.CreateInstance(type, nonPublic: true)!;
        type.GetProperty("IsAuthenticating", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.SetValue(detector, true);
        return detector;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void WithMailKitsOwnDetector_LoginStillShowsUserAndXxxxx(int chunk)
    {
        var s = new Session(chunk, MailKitImapDetector()).C("A00000000 LOGIN alice \"s3cr3t\"\r\n");
        Assert.Equal(new[] { ">> A00000000 LOGIN alice XXXXX" }, s.Output);

        var t = new Session(chunk, MailKitImapDetector()).C($"A00000001 AUTHENTICATE PLAIN {B64("\0alice\0" + Secret)}\r\n");
        Assert.Equal(new[] { ">> A00000001 AUTHENTICATE PLAIN ********" }, t.Output);
    }

    private static string Body(int size)
    {
        var sb = new StringBuilder();
        int n = 0;
        while (sb.Length < size)
            sb.Append($"SECRETBODY line {n++} ends with a fake literal {{9}}\r\n");
        return sb.ToString(0, size);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void LargeServerLiteral_IsSummarised_AndSkippedExactly(int chunk)
    {
        var body = Body(2000);
        var s = new Session(chunk)
            .S("* 1 FETCH (UID 7 RFC822.SIZE 2000 BODY[] {2000}\r\n" + body + " FLAGS (\\Seen))\r\n")
            .S("* 2 FETCH (UID 8 BODY[] ~{1025}\r\n" + Body(1025) + ")\r\nA00000004 OK Fetch completed.\r\n");

        Assert.Equal(new[]
        {
            "<< * 1 FETCH (UID 7 RFC822.SIZE 2000 BODY[] {2000}",
            "<< [literal: 2000 bytes]",
            "<<  FLAGS (\\Seen))",
            "<< * 2 FETCH (UID 8 BODY[] ~{1025}",
            "<< [literal: 1025 bytes]",
            "<< )",
            "<< A00000004 OK Fetch completed.",
        }, s.Output);
        AssertNoSecret(s.Output, "SECRETBODY");
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void SmallLiterals_AreLoggedLineByLine_AndTheirContentIsNotTakenForALiteral(int chunk)
    {
        var header = "Message-ID: <abc@example.com>\r\nSubject: a {5000}\r\n\r\n";
        var s = new Session(chunk)
            .S($"* 1 FETCH (UID 3 BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)] {{{header.Length}}}\r\n{header})\r\n")
            .S("* 2 FETCH (UID 4 BODY[HEADER.FIELDS (SUBJECT)] {13}\r\nSubject: x {3})\r\nA1 OK\r\n");

        Assert.Equal(new[]
        {
            $"<< * 1 FETCH (UID 3 BODY[HEADER.FIELDS (MESSAGE-ID SUBJECT)] {{{header.Length}}}",
            "<< Message-ID: <abc@example.com>",
            "<< Subject: a {5000}",
            "<< ",
            "<< )",
            "<< * 2 FETCH (UID 4 BODY[HEADER.FIELDS (SUBJECT)] {13}",
            "<< Subject: x {3})",
            "<< A1 OK",
        }, s.Output);
    }

    [Theory]
    [MemberData(nameof(Chunks))]
    public void ClientAppendLiteral_IsSummarised_WithAndWithoutLiteralPlus(int chunk)
    {
        var body = Body(3000);
        var s = new Session(chunk)
            .C("A00000003 APPEND INBOX (\\Seen) \"01-Jan-2020 10:00:00 +0000\" {3000}\r\n")
            .S("+ OK\r\n")
            .C(body + "\r\n")
            .S("A00000003 OK [APPENDUID 1 5] Append completed.\r\n")
            .C("A00000004 APPEND Sent {3000+}\r\n" + body + "\r\n")
            .S("A00000004 OK Append completed.\r\n");

        Assert.Equal(new[]
        {
            ">> A00000003 APPEND INBOX (\\Seen) \"01-Jan-2020 10:00:00 +0000\" {3000}",
            ">> [literal: 3000 bytes]",
            "<< + OK",
            "<< A00000003 OK [APPENDUID 1 5] Append completed.",
            ">> A00000004 APPEND Sent {3000+}",
            ">> [literal: 3000 bytes]",
            "<< A00000004 OK Append completed.",
        }, s.Output);
        AssertNoSecret(s.Output, "SECRETBODY");
    }

    [Fact]
    public void LiteralOfExactly1024Bytes_IsTracedLineByLine()
    {
        var body = new string('a', 1022) + "\r\n";
        var s = new Session(0).S("* 1 FETCH (BODY[HEADER] {1024}\r\n" + body + ")\r\n");
        Assert.Equal(new[] { "<< * 1 FETCH (BODY[HEADER] {1024}", "<< " + new string('a', 1022), "<< )" }, s.Output);
    }

    [Fact]
    public void LogConnect_ResetsStateOfABrokenConnection()
    {
        var s = new Session(0)
            .S("* 1 FETCH (BODY[] {5000}\r\nonly part of it")
            .C("A00000009 LOGIN alice {6}\r\n");
        s.Logger.LogConnect(new Uri("imaps://imap.example.com:993"));
        s.S("* OK ready\r\n").C("A00000000 CAPABILITY\r\n");

        Assert.Equal(new[]
        {
            "<< * 1 FETCH (BODY[] {5000}",
            "<< [literal: 5000 bytes]",
            ">> A00000009 LOGIN alice XXXXX",
            "<< * OK ready",
            ">> A00000000 CAPABILITY",
        }, s.Output);
    }

    [Fact]
    public void Dispose_FlushesAPartialLine_Masked()
    {
        var s = new Session(0).C("A00000000 LOGIN alice s3cr3t");
        s.Logger.Dispose();
        s.C("A00000001 NOOP\r\n");
        Assert.Equal(new[] { ">> A00000000 LOGIN alice XXXXX" }, s.Output);
    }

    [Fact]
    public void UnknownCommandsAndNonAsciiText_PassThrough()
    {
        var s = new Session(1).C("A00000007 SELECT \"Entwürfe\"\r\n").S("A00000007 OK [READ-WRITE] Select completed.\r\n");
        Assert.Equal(new[] { ">> A00000007 SELECT \"Entwürfe\"", "<< A00000007 OK [READ-WRITE] Select completed." }, s.Output);
    }

    /// <summary>
    /// End to end through <see cref="ToolLog"/>: a session shaped like a real MailKit one (tags A00000000...,
    /// LOGIN, AUTHENTICATE PLAIN with a continuation, FETCH of a body, APPEND with LITERAL+), cut into
    /// pseudo-random chunks; the console and the log file get the same masked lines and no secret.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(42)]
    [InlineData(4711)]
    public void EndToEnd_ThroughToolLog_RandomChunks(int seed)
    {
        var dir = Directory.CreateTempSubdirectory("trace-").FullName;
        try
        {
            var file = Path.Combine(dir, "trace.log");
            var console = new StringWriter();
            var plain = B64("\0bob\0" + Secret);
            var body = Body(4096);
            var rnd = new Random(seed);
            var seen = new List<string>();
            using (var log = ToolLog.Create(new LogSettings("imapcopy", LogFile: file, ProtocolTrace: true), console, new StringWriter()))
            {
                log.LineLogged += seen.Add;
                var pl = log.CreateProtocolLogger();
                Assert.IsType<ProtocolTraceLogger>(pl);
                pl.AuthenticationSecretDetector = MailKitImapDetector();
                void Send(bool client, string text)
                {
                    var bytes = Encoding.UTF8.GetBytes(text);
                    for (int i = 0; i < bytes.Length;)
                    {
                        int n = Math.Min(rnd.Next(1, 40), bytes.Length - i);
                        if (client)
                            pl.LogClient(bytes, i, n);
                        else
                            pl.LogServer(bytes, i, n);
                        i += n;
                    }
                }
                pl.LogConnect(new Uri("imap://host1:143"));
                Send(false, "* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN] ready.\r\n");
                Send(true, "A00000000 LOGIN alice \"s3cr3t\"\r\n");
                Send(false, "A00000000 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
                Send(true, "A00000001 AUTHENTICATE PLAIN\r\n");
                Send(false, "+ \r\n");
                Send(true, plain + "\r\n");
                Send(false, "A00000001 OK Logged in\r\n");
                Send(true, "A00000002 UID FETCH 7 (BODY.PEEK[])\r\n");
                Send(false, "* 1 FETCH (UID 7 BODY[] {4096}\r\n" + body + ")\r\nA00000002 OK Fetch completed.\r\n");
                Send(true, "A00000003 APPEND INBOX {4096+}\r\n" + body + "\r\n");
                Send(false, "A00000003 OK Append completed.\r\n");
                pl.Dispose();
            }

            var expected = new[]
            {
                "<< * OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR AUTH=PLAIN] ready.",
                ">> A00000000 LOGIN alice XXXXX",
                "<< A00000000 NO [AUTHENTICATIONFAILED] Authentication failed.",
                ">> A00000001 AUTHENTICATE PLAIN",
                "<< + ",
                ">> ********",
                "<< A00000001 OK Logged in",
                ">> A00000002 UID FETCH 7 (BODY.PEEK[])",
                "<< * 1 FETCH (UID 7 BODY[] {4096}",
                "<< [literal: 4096 bytes]",
                "<< )",
                "<< A00000002 OK Fetch completed.",
                ">> A00000003 APPEND INBOX {4096+}",
                ">> [literal: 4096 bytes]",
                "<< A00000003 OK Append completed.",
            };
            Assert.Equal(expected, seen);
            Assert.Equal(string.Concat(expected.Select(l => l + "\n")), console.ToString());
            var fileLines = File.ReadAllText(file).Split('\n')[..^1];
            Assert.Equal(expected, fileLines.Select(l => Regex.Replace(l, @"^\d{2}-\d{2}-\d{4}\.\d{2}:\d{2}:\d{2} ", "")));
            AssertNoSecret(new[] { console.ToString(), File.ReadAllText(file) }, Secret, plain, "SECRETBODY");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
