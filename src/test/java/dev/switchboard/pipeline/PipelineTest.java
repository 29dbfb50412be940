package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static Exchange ex() {
    return new Exchange("r", Endpoint.CHAT, MultiMap.caseInsensitiveMultiMap(),
        JsonNodeFactory.instance.objectNode(), Buffer.buffer(), 0);
  }

  private static final Reply OK = new Reply.Complete(200, Buffer.buffer("{}"), Usage.UNKNOWN);

  @Test
  void stagesRunInOrderAndPostProcessInReverse() {
    List<String> trace = new ArrayList<>();
    Stage a = (ex, next) -> {
      trace.add("a-in");
      return next.proceed(ex).onSuccess(r -> trace.add("a-out"));
    };
    Stage b = (ex, next) -> {
      trace.add("b-in");
      return next.proceed(ex).onSuccess(r -> trace.add("b-out"));
    };
    Future<Reply> r = new Pipeline(List.of(a, b), ex -> {
      trace.add("terminal");
      return Future.succeededFuture(OK);
    }).execute(ex());
    assertThat(r.result()).isSameAs(OK);
    assertThat(trace).containsExactly("a-in", "b-in", "terminal", "b-out", "a-out");
  }

  @Test
  void aStageCanShortCircuitAndAThrowingStageFailsTheFuture() {
    Stage deny = (ex, next) -> {
      throw GatewayException.of(ErrorKind.AUTHENTICATION, "no");
    };
    Future<Reply> r = new Pipeline(List.of(deny), ex -> {
      throw new AssertionError("must not be reached");
    }).execute(ex());
    assertThat(r.failed()).isTrue();
    assertThat(((GatewayException) r.cause()).kind()).isEqualTo(ErrorKind.AUTHENTICATION);
  }

  @Test
  void cancelHooksRunOnceEvenWhenRegisteredLate() {
    Exchange ex = ex();
    List<String> ran = new ArrayList<>();
    ex.onCancel(() -> ran.add("early"));
    ex.cancel();
    ex.cancel();
    ex.onCancel(() -> ran.add("late"));
    assertThat(ran).containsExactly("early", "late");
  }
}
