package dev.switchboard.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Configures logging in code (found by Logback through the service loader), because parsing an XML
 * configuration costs a noticeable part of the start-up time. Application logs are JSON lines on
 * stdout; the access log ({@code switchboard.access}) writes the JSON lines {@link AccessLog} built.
 * Both go through {@link BatchingStdoutAppender}, so no event loop waits for the console and
 * a burst of lines costs one write.
 *
 * <p>A {@code logback.xml} (or {@code -Dlogback.configurationFile}) still takes precedence.
 * {@code SWITCHBOARD_LOG_LEVEL} sets the root level (default INFO).
 *
 * <p>Threading: called once by Logback during initialisation.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (System.getProperty("logback.configurationFile") != null
        || getClass().getClassLoader().getResource("logback-test.xml") != null
        || getClass().getClassLoader().getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    JsonEncoder json = new JsonEncoder();
    json.setWithSequenceNumber(false);
    json.setWithNanoseconds(false);
    json.setWithContext(false);
    json.setWithMDC(false);
    json.setWithMarkers(false);
    json.setWithMessage(false);
    json.setWithArguments(false);
    json.setWithFormattedMessage(true);
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv("SWITCHBOARD_LOG_LEVEL"), Level.INFO));
    root.addAppender(stdout(ctx, "app", json));

    MessageLineEncoder raw = new MessageLineEncoder();
    Logger access = ctx.getLogger(AccessLog.LOGGER);
    access.setAdditive(false);
    access.addAppender(stdout(ctx, "access", raw));

    ctx.getLogger("io.netty").setLevel(Level.WARN);
    ctx.getLogger("io.vertx").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static BatchingStdoutAppender stdout(LoggerContext ctx, String name,
      Encoder<ILoggingEvent> encoder) {
    encoder.setContext(ctx);
    encoder.start();
    BatchingStdoutAppender a = new BatchingStdoutAppender(32_768);
    a.setContext(ctx);
    a.setName(name);
    a.setEncoder(encoder);
    a.start();
    return a;
  }
}
