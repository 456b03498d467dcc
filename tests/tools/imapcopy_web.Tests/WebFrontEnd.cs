using System.Net;
using System.Net.Sockets;
using ImapTools.Common.Logging;
using Microsoft.AspNetCore.Builder;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ImapTools.Tools.ImapCopyWeb.Tests;

/// <summary>The front end started in-process on a free loopback port, with its own imapcopy.cf in a temp folder.</summary>
public sealed class WebFrontEnd : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ToolLog _log;

    private WebFrontEnd(WebApplication app, ToolLog log, string dir, string url)
    {
        _app = app;
        _log = log;
        Directory = dir;
        Url = url;
    }

    /// <summary>The folder holding imapcopy.cf and the log.</summary>
    public string Directory { get; }
    /// <summary>The base URL.</summary>
    public string Url { get; }
    /// <summary>The LOGFILE.</summary>
    public string LogFile => Path.Combine(Directory, "imapcopy.log");

    /// <summary>Writes imapcopy.cf (the legacy keys plus <paramref name="extraLines"/>) and starts the front end.</summary>
    public static async Task<WebFrontEnd> StartAsync(string? imapcopy = null, params string[] extraLines)
    {
        string dir = System.IO.Directory.CreateTempSubdirectory("imapcopy-web-test-").FullName;
        int port = FreePort();
        string url = $"http://127.0.0.1:{port}";
        imapcopy ??= Path.Combine(AppContext.BaseDirectory, "imapcopy.dll");
        var lines = new List<string>
        {
            "# test configuration",
            $"IMAPCOPY: {imapcopy}",
            $"LOGFILE: {Path.Combine(dir, "imapcopy.log")}",
            "DEBUG: 0",
            $"LISTEN: {url}",
            "INSECURE: 1",
        };
        lines.AddRange(extraLines);
        if (!lines.Any(l => l.StartsWith("PROCESS_LIMIT", StringComparison.Ordinal))) lines.Add("PROCESS_LIMIT: 4");
        string cf = Path.Combine(dir, "imapcopy.cf");
        await File.WriteAllLinesAsync(cf, lines);
        var config = WebConfig.Load(cf);
        var log = ToolLog.Create(new LogSettings("imapcopy_web", LogFile: config.LogFile, Quiet: true), TextWriter.Null, TextWriter.Null);
        var app = Program.Build(config, log);
        await app.StartAsync();
        return new WebFrontEnd(app, log, dir, url);
    }

    /// <summary>A headless Debian Chromium driven through chromedriver.</summary>
    public static ChromeDriver Browser()
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1100,900", $"--user-data-dir={System.IO.Directory.CreateTempSubdirectory("chromium-").FullName}");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
        return driver;
    }

    /// <summary>Saves a screenshot under artifacts/screenshots of the repository (for reviewers).</summary>
    public static string SaveScreenshot(IWebDriver driver, string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImapTools.sln"))) dir = dir.Parent;
        string target = Path.Combine(dir?.FullName ?? Path.GetTempPath(), "artifacts", "screenshots");
        System.IO.Directory.CreateDirectory(target);
        string path = Path.Combine(target, name + ".png");
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(path);
        return path;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _log.Dispose();
    }
}
