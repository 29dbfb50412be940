package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AccessLogTest {

  @Test
  void aLineIsValidJsonWithEveryFieldAndEscapedStrings() throws Exception {
    String line = AccessLog.format(new AccessLog.Entry("req-\"1\"\n", "POST", "/v1/chat/completions",
        "gpt-4o-mini", "openai", "openai/gpt-4o-mini", 200, 12_345_678, 12_000_000, 9, 16, true,
        1, null, 0.000125));
    JsonNode n = new ObjectMapper().readTree(line);
    assertThat(n.get("request_id").asText()).isEqualTo("req-\"1\"\n");
    assertThat(n.get("latency_ms").asDouble()).isEqualTo(12.345);
    assertThat(n.get("upstream_ms").asDouble()).isEqualTo(12.0);
    assertThat(n.get("overhead_ms").asDouble()).isEqualTo(0.345);
    assertThat(n.get("prompt_tokens").asLong()).isEqualTo(9);
    assertThat(n.get("stream").asBoolean()).isTrue();
    assertThat(n.get("cost_usd").asDouble()).isEqualTo(0.000125);
    assertThat(n.has("error")).isFalse();
    assertThat(n.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void millisecondsKeepMicrosecondPrecision() {
    assertThat(Millis.format(1_000)).isEqualTo("0.001");
    assertThat(Millis.format(12_345_678)).isEqualTo("12.345");
    assertThat(Millis.format(-5)).isEqualTo("0.000");
  }

  @Test
  void theBatchingAppenderWritesEveryLineAndFlushesOnStop() {
    LoggerContext ctx = new LoggerContext();
    PatternLayoutEncoder enc = new PatternLayoutEncoder();
    enc.setContext(ctx);
    enc.setPattern("%msg%n");
    enc.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchingStdoutAppender a = new BatchingStdoutAppender(10_000);
    a.setContext(ctx);
    a.setEncoder(enc);
    a.setOutputStream(out);
    a.start();
    for (int i = 0; i < 1000; i++) {
      LoggingEvent e = new LoggingEvent();
      e.setLoggerContext(ctx);
      e.setMessage("line " + i);
      a.doAppend(e);
    }
    a.stop();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text.split("\n")).hasSize(1000).startsWith("line 0").endsWith("line 999");
    assertThat(a.dropped()).isZero();
  }

  @Test
  void theLineEncoderWritesTheMessageAndANewlineAsUtf8() {
    ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent();
    event.setMessage("{\"model\":\"café\"}");
    byte[] bytes = new MessageLineEncoder().encode(event);
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"model\":\"café\"}\n");
  }
}
