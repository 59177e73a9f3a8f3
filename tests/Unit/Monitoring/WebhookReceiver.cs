using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ModelLifecycle.Tests.Unit.Monitoring;

/// <summary>
/// A real HTTP endpoint on a free loopback port (Kestrel) that records every POST it receives and answers the
/// statuses it is told, in order (then 200): a webhook receiver that fails before it succeeds.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> answers;

    private WebhookReceiver(WebApplication app, IEnumerable<int> answers)
    {
        this.app = app;
        this.answers = new ConcurrentQueue<int>(answers);
    }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<WebhookReceiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, answers);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Requests.Enqueue(new Received(body, context.Request.Headers["X-ModelLifecycle-Signature"].ToString(), context.Request.Headers["X-ModelLifecycle-Delivery"].ToString()));
            context.Response.StatusCode = receiver.answers.TryDequeue(out var status) ? status : StatusCodes.Status200OK;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address.TrimEnd('/')}/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public sealed record Received(string Body, string Signature, string DeliveryId);
}
