import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Calibration only: the least a Vert.x proxy can do (parse the JSON body, rewrite "model", forward
 * to nginx on 18080, pipe the answer back; a "stream": true request goes to nginx's SSE body and
 * is written on chunk by chunk), to compare the gateway with the stack's own limit on the same
 * machine and in the same run. run.py starts it itself; by hand (with nginx from run.py up):
 *   javac -cp target/switchboard.jar -d /tmp/bare bench/BareProxy.java
 *   java -XX:+UseSerialGC -Xmx128m -cp target/switchboard.jar:/tmp/bare BareProxy   # port 18099
 */
public class BareProxy extends VerticleBase {
  static final ObjectMapper JSON = new ObjectMapper();
  HttpClient client;

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(256));
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      try {
        ObjectNode n = (ObjectNode) JSON.readTree(body.getBytes());
        n.put("model", "gpt-4o-mini");
        boolean stream = n.path("stream").asBoolean(false);
        Buffer out = Buffer.buffer(JSON.writeValueAsBytes(n));
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(18080).setURI(stream ? "/sse/v1/chat/completions" : "/json/v1/chat/completions")
                .putHeader("content-type", "application/json"))
            .compose(r -> r.send(out))
            .onSuccess(resp -> {
              if (stream) { // each chunk written on as it arrives: the streaming floor
                HttpServerResponse to = req.response().setChunked(true)
                    .putHeader("content-type", "text/event-stream");
                resp.handler(to::write);
                resp.endHandler(v -> to.end());
              } else {
                resp.body().onSuccess(b -> req.response()
                    .putHeader("content-type", "application/json").end(b));
              }
            });
      } catch (Exception e) {
        req.response().setStatusCode(400).end();
      }
    })).listen(18099, "127.0.0.1");
  }

  public static void main(String[] args) {
    Vertx v = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2)
        .setPreferNativeTransport(true));
    v.deployVerticle(BareProxy::new, new DeploymentOptions().setInstances(2));
  }
}
