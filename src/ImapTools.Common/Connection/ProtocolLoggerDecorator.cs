using MailKit;

namespace ImapTools.Common.Connection;

/// <summary>
/// A protocol logger that passes everything to an inner logger (the <c>-I</c> trace or a null logger); subclasses
/// look at what the server sends by overriding <see cref="LogServer"/>.
/// </summary>
public abstract class ProtocolLoggerDecorator : IProtocolLogger
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected ProtocolLoggerDecorator(IProtocolLogger inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The logger everything is passed to.</summary>
    protected IProtocolLogger Inner { get; }

    /// <inheritdoc />
    public IAuthenticationSecretDetector? AuthenticationSecretDetector
    {
        get => Inner.AuthenticationSecretDetector;
        set => Inner.AuthenticationSecretDetector = value!;
    }

    /// <inheritdoc />
    public void LogConnect(Uri uri) => Inner.LogConnect(uri);

    /// <inheritdoc />
    public void LogClient(byte[] buffer, int offset, int count) => Inner.LogClient(buffer, offset, count);

    /// <inheritdoc />
    public virtual void LogServer(byte[] buffer, int offset, int count) => Inner.LogServer(buffer, offset, count);

    /// <inheritdoc />
    public void Dispose()
    {
        Inner.Dispose();
        GC.SuppressFinalize(this);
    }
}
