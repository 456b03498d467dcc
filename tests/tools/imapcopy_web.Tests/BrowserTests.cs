using System.Diagnostics;
using System.Net;
using ImapTools.TestBed;
using MailKit;
using MailKit.Search;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace ImapTools.Tools.ImapCopyWeb.Tests;

/// <summary>The real page in headless Chromium against the two Dovecot servers of the test bed.</summary>
[Collection(DovecotCollections.Pair)]
public sealed class BrowserTests(DovecotPairFixture fx)
{
    private const string ReportSubject = "IMAP COPY completed at";

    [Fact]
    public async Task The_form_copies_the_account_puts_the_report_in_both_inboxes_and_mails_the_administrator()
    {
        string src = TestUsers.Unique("websrc"), dst = TestUsers.Unique("webdst");
        MailboxSnapshot before;
        using (var c = await fx.Source.ConnectAsync(src))
        {
            await CorpusBuilder.LoadAsync(c, CorpusSpec.Small);
            before = await CorpusBuilder.SnapshotAsync(c);
        }
        await using var smtp = await SmtpReceiver.StartAsync();
        string adminFile = Path.Combine(Path.GetTempPath(), $"notify-{Guid.NewGuid():N}.admin");
        await File.WriteAllTextAsync(adminFile, $"127.0.0.1:{smtp.Port}:admin@example.com\n");
        await using var web = await WebFrontEnd.StartAsync(null, "SHOWIMAP: 1", "LISTFOLDERS: yes", $"ARGUMENTS: --notify-admin {adminFile}");
        using var browser = WebFrontEnd.Browser();

        browser.Navigate().GoToUrl(web.Url + "/");
        Fill(browser, "sourceHost", $"127.0.0.1:{fx.Source.ImapPort}");
        Fill(browser, "destHost", $"127.0.0.1:{fx.Destination.ImapPort}");
        Fill(browser, "sourceUser", src);
        Fill(browser, "sourcePwd", DovecotServer.Password);
        Fill(browser, "destUser", dst);
        Fill(browser, "destPwd", DovecotServer.Password);
        WebFrontEnd.SaveScreenshot(browser, "imapcopy-web-form");
        browser.FindElement(By.Id("submit")).Click();

        new WebDriverWait(browser, TimeSpan.FromSeconds(120)).Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-finished") is not null);
        WebFrontEnd.SaveScreenshot(browser, "imapcopy-web-finished");
        Assert.Equal("done", browser.FindElement(By.TagName("body")).GetAttribute("data-finished"));
        Assert.Contains($"{before.MessageCount} of {before.MessageCount}", browser.FindElement(By.Id("messages")).Text);
        Assert.StartsWith("Finished:", browser.FindElement(By.Id("result")).Text);
        var table = browser.FindElement(By.Id("folders")).Text;
        Assert.Contains("INBOX", table);
        Assert.Contains($"Totals {before.MessageCount}", table);
        Assert.DoesNotContain(DovecotServer.Password, browser.PageSource);

        // Every message arrived byte-exact, with flags and dates; each INBOX also got the completion report.
        MailboxSnapshot after;
        using (var c = await fx.Destination.ConnectAsync(dst))
        {
            await c.Inbox.OpenAsync(FolderAccess.ReadWrite);
            var reports = await c.Inbox.SearchAsync(SearchQuery.SubjectContains(ReportSubject));
            Assert.Single(reports);
            var report = await c.Inbox.GetMessageAsync(reports[0]);
            Assert.Contains("Msgs Copied      Folder", report.TextBody);
            Assert.Contains("INBOX on the destination", report.TextBody);
            // Take the report out so the rest can be compared with the source as it was before the copy.
            await c.Inbox.AddFlagsAsync(reports[0], MessageFlags.Deleted, silent: true);
            await c.Inbox.ExpungeAsync(reports);
            await c.Inbox.CloseAsync();
            after = await CorpusBuilder.SnapshotAsync(c);
        }
        Assert.Empty(before.Diff(after));
        using (var c = await fx.Source.ConnectAsync(src))
        {
            await c.Inbox.OpenAsync(FolderAccess.ReadOnly);
            Assert.Single(await c.Inbox.SearchAsync(SearchQuery.SubjectContains(ReportSubject)));
        }

        string mail = await smtp.WaitForAsync("Here is a summary of the job", TimeSpan.FromSeconds(30));
        Assert.Contains($"Subject: {src} migrated", mail);
        Assert.Contains("admin@example.com", mail);

        // The password never reaches the log, not even with SHOWIMAP (-I).
        string log = await File.ReadAllTextAsync(web.LogFile);
        Assert.Contains("Execute", log);
        Assert.Contains("SOURCEPWD", log);
        Assert.DoesNotContain(DovecotServer.Password, log);
    }

    [Fact]
    public async Task Beyond_PROCESS_LIMIT_the_legacy_message_is_shown_and_nothing_starts()
    {
        string src = TestUsers.Unique("weblim"), dst = TestUsers.Unique("weblimd");
        // A stand-in for imapcopy that holds its slot until the test releases it, so the limit is reached for sure.
        string dir = Directory.CreateTempSubdirectory("hold-").FullName;
        string release = Path.Combine(dir, "release"), started = Path.Combine(dir, "started");
        string script = Path.Combine(dir, "hold-imapcopy");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\ntouch '{started}'\nwhile [ ! -f '{release}' ]; do sleep 0.1; done\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var web = await WebFrontEnd.StartAsync(script, "PROCESS_LIMIT: 1");
        using var browser = WebFrontEnd.Browser();
        try
        {
            Submit(browser, web, src, dst);
            new WebDriverWait(browser, TimeSpan.FromSeconds(60)).Until(_ => File.Exists(started));
            Assert.Contains("/job/", browser.Url);

            Submit(browser, web, src, dst);
            var busy = browser.FindElement(By.Id("busy")).Text;
            Assert.Equal("The maximum number of IMAP copies is already running. Please try again later.", busy.Replace("  ", " "));
        }
        finally
        {
            File.WriteAllText(release, "");
        }
        // Once the slot is free, a new copy is accepted again.
        await WaitUntilAsync(async () =>
        {
            Submit(browser, web, src, dst);
            return await Task.FromResult(browser.FindElements(By.Id("busy")).Count == 0);
        }, TimeSpan.FromSeconds(30));
        Assert.Contains("/job/", browser.Url);
    }

    [Fact]
    public async Task Bad_input_and_a_wrong_password_are_reported_on_the_form_and_start_nothing()
    {
        string src = TestUsers.Unique("webbad");
        await using var web = await WebFrontEnd.StartAsync();
        using var browser = WebFrontEnd.Browser();
        browser.Navigate().GoToUrl(web.Url + "/");
        Fill(browser, "sourceHost", "bad host!");
        Fill(browser, "destHost", $"127.0.0.1:{fx.Destination.ImapPort}");
        Fill(browser, "sourceUser", src);
        Fill(browser, "sourcePwd", DovecotServer.Password);
        Fill(browser, "destUser", "*");
        Fill(browser, "destPwd", "*");
        Fill(browser, "sent_after", "2024-01-01");
        browser.FindElement(By.Id("submit")).Click();
        string errors = browser.FindElement(By.Id("errors")).Text;
        Assert.Contains("Source server: 'bad host!' is not a host name or host:port", errors);
        Assert.Contains("After date: '2024-01-01' is not a date like 01-Jan-2024", errors);
        Assert.Equal(src, browser.FindElement(By.Id("sourceUser")).GetAttribute("value"));
        Assert.Equal("", browser.FindElement(By.Id("sourcePwd")).GetAttribute("value"));
        Assert.DoesNotContain(DovecotServer.Password, browser.PageSource);

        browser.Navigate().GoToUrl(web.Url + "/");
        Fill(browser, "sourceHost", $"127.0.0.1:{fx.Source.ImapPort}");
        Fill(browser, "destHost", $"127.0.0.1:{fx.Destination.ImapPort}");
        Fill(browser, "sourceUser", src);
        Fill(browser, "sourcePwd", "not-the-password");
        Fill(browser, "destUser", "*");
        Fill(browser, "destPwd", "*");
        browser.FindElement(By.Id("submit")).Click();
        Assert.Contains($"Error: Can't login as {src}. Check your username and password", browser.FindElement(By.Id("errors")).Text);
        Assert.Empty(Directory.GetFiles(web.Directory, "*.json"));
        Assert.DoesNotContain("not-the-password", await File.ReadAllTextAsync(web.LogFile));
    }

    [Fact]
    public async Task A_job_is_visible_only_to_the_browser_that_started_it_and_posts_need_the_antiforgery_token()
    {
        string src = TestUsers.Unique("webown"), dst = TestUsers.Unique("webownd");
        using (var c = await fx.Source.ConnectAsync(src)) await CorpusBuilder.LoadAsync(c, CorpusSpec.Small);
        await using var web = await WebFrontEnd.StartAsync();
        using var browser = WebFrontEnd.Browser();
        Submit(browser, web, src, dst);
        string jobUrl = browser.Url;
        Assert.Matches("/job/[0-9a-f]{32}$", jobUrl);

        using var stranger = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(jobUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(jobUrl + "/status")).StatusCode);

        var forged = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["sourceHost"] = $"127.0.0.1:{fx.Source.ImapPort}", ["destHost"] = $"127.0.0.1:{fx.Destination.ImapPort}",
            ["sourceUser"] = src, ["sourcePwd"] = DovecotServer.Password, ["destUser"] = dst, ["destPwd"] = DovecotServer.Password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, (await stranger.PostAsync(web.Url + "/copy", forged)).StatusCode);
        new WebDriverWait(browser, TimeSpan.FromSeconds(120)).Until(d => d.FindElement(By.TagName("body")).GetAttribute("data-finished") is not null);
    }

    private void Submit(IWebDriver browser, WebFrontEnd web, string src, string dst)
    {
        browser.Navigate().GoToUrl(web.Url + "/");
        Fill(browser, "sourceHost", $"127.0.0.1:{fx.Source.ImapPort}");
        Fill(browser, "destHost", $"127.0.0.1:{fx.Destination.ImapPort}");
        Fill(browser, "sourceUser", src);
        Fill(browser, "sourcePwd", DovecotServer.Password);
        Fill(browser, "destUser", dst);
        Fill(browser, "destPwd", DovecotServer.Password);
        browser.FindElement(By.Id("submit")).Click();
    }

    private static void Fill(IWebDriver browser, string id, string value)
    {
        var input = browser.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(value);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException("condition not met");
            await Task.Delay(250);
        }
    }

}
