using System.Security.Cryptography;
using ImapTools.Common;
using ImapTools.Common.Logging;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImapTools.Tools.ImapCopyWeb;

/// <summary>
/// imapcopy_web: the web front end of imapcopy (guide section 8). Usage: <c>imapcopy_web [--config imapcopy.cf]</c>.
/// It binds to LISTEN from the config (default http://127.0.0.1:8080).
/// </summary>
public static class Program
{
    private const string OwnerCookie = "imapcopy_owner";

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        string configPath = "imapcopy.cf";
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                Console.WriteLine("usage: imapcopy_web [--config FILE]   (default FILE: imapcopy.cf in the working directory)");
                return 0;
            }
            if (args[i] == "--config" && i + 1 < args.Length) configPath = args[++i];
            else
            {
                Console.Error.WriteLine($"imapcopy_web: unknown argument {args[i]} (usage: imapcopy_web [--config FILE])");
                return ExitCodes.Usage;
            }
        }
        WebConfig config;
        try { config = WebConfig.Load(configPath); }
        catch (ImapToolsException e)
        {
            Console.Error.WriteLine($"imapcopy_web: {e.Message}");
            return e.ExitCode;
        }
        using var log = ToolLog.Create(new LogSettings("imapcopy_web", Debug: config.Debug, LogFile: config.LogFile), Console.Out, Console.Error);
        var app = Build(config, log);
        log.Info($"imapcopy_web listening on {config.Listen}");
        try { app.Run(); }
        catch (IOException e)
        {
            Console.Error.WriteLine($"imapcopy_web: cannot listen on {config.Listen}: {e.Message}");
            return ExitCodes.Failure;
        }
        return 0;
    }

    /// <summary>Builds the web application.</summary>
    public static WebApplication Build(WebConfig config, ToolLog log)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(config.Listen);
        builder.Logging.ClearProviders();
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "imapcopy_af");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJsonContext.Default));
        var jobs = new CopyJobs(config, log);
        var app = builder.Build();
        app.UseAntiforgery();
        app.Use(async (ctx, next) =>
        {
            ctx.Response.Headers["X-Content-Type-Options"] = "nosniff";
            ctx.Response.Headers["X-Frame-Options"] = "DENY";
            ctx.Response.Headers["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'";
            ctx.Response.Headers["Cache-Control"] = "no-store";
            await next();
        });

        app.MapGet("/", (HttpContext ctx, IAntiforgery af) => FormResult(ctx, af, [], null));
        app.MapGet("/imapcopy.html", (HttpContext ctx, IAntiforgery af) => FormResult(ctx, af, [], null));
        app.MapPost("/copy", async (HttpContext ctx, IAntiforgery af, IFormCollection form) =>
        {
            var errors = new List<string>();
            var request = CopyRequest.From(form, config, errors);
            if (request is null) return FormResult(ctx, af, errors, form, StatusCodes.Status400BadRequest);
            if (jobs.Running >= config.ProcessLimit) return Html(Pages.Busy(), StatusCodes.Status503ServiceUnavailable);
            if (await jobs.TestLoginsAsync(request, ctx.RequestAborted) is string loginError)
                return FormResult(ctx, af, [loginError], form, StatusCodes.Status400BadRequest);
            var job = jobs.TryStart(request, Owner(ctx));
            if (job is null) return Html(Pages.Busy(), StatusCodes.Status503ServiceUnavailable);
            log.Info($"Started job {job.Id}: {job.Description}");
            return Results.Redirect($"/job/{job.Id}", permanent: false);
        });
        app.MapGet("/job/{id}", (HttpContext ctx, string id) =>
            jobs.Find(id, ctx.Request.Cookies[OwnerCookie]) is CopyJob job ? Html(Pages.Status(job)) : Results.NotFound());
        app.MapGet("/job/{id}/status", (HttpContext ctx, string id) =>
            jobs.Find(id, ctx.Request.Cookies[OwnerCookie]) is CopyJob job ? Results.Json((StatusDocument)Pages.StatusJson(job), WebJsonContext.Default.StatusDocument) : Results.NotFound());
        return app;
    }

    private static IResult FormResult(HttpContext ctx, IAntiforgery af, IReadOnlyList<string> errors, IFormCollection? posted, int status = 200)
    {
        Owner(ctx);
        var tokens = af.GetAndStoreTokens(ctx);
        return Html(Pages.Form(tokens.FormFieldName, tokens.RequestToken!, errors, posted), status);
    }

    private static IResult Html(string html, int status = 200) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);

    /// <summary>The browser's owner token (a random HttpOnly cookie): jobs are visible only to the browser that started them.</summary>
    private static string Owner(HttpContext ctx)
    {
        if (ctx.Request.Cookies[OwnerCookie] is { Length: 32 } existing) return existing;
        if (ctx.Items[OwnerCookie] is string issued) return issued;
        string token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        ctx.Response.Cookies.Append(OwnerCookie, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = ctx.Request.IsHttps, Path = "/" });
        ctx.Items[OwnerCookie] = token;
        return token;
    }
}

/// <summary>AOT-safe JSON metadata for the status document.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(StatusDocument))]
internal sealed partial class WebJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
