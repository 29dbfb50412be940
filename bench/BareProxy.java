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
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Calibration only: the least a Vert.x proxy can do (parse the JSON body, rewrite "model", forward
 * to nginx on 18080, pipe the answer back), to compare the gateway with the stack's own limit on
 * the same machine and day. Not used by run.py. Run (with nginx from run.py up):
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
        Buffer out = Buffer.buffer(JSON.writeValueAsBytes(n));
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(18080).setURI("/json/v1/chat/completions")
                .putHeader("content-type", "application/json"))
            .compose(r -> r.send(out))
            .onSuccess(resp -> resp.body().onSuccess(b -> req.response()
                .putHeader("content-type", "application/json").end(b)));
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
