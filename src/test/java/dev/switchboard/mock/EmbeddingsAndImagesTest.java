package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.error;
import static dev.switchboard.mock.MockTestSupport.json;
import static dev.switchboard.mock.MockTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingsAndImagesTest extends RunningMockServer {

  static String embeddings;

  @BeforeAll
  static void urls() {
    embeddings = server.baseUrl() + "/embeddings";
  }

  private static float[] vector(JsonNode embedding) {
    float[] v = new float[embedding.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) embedding.get(i).doubleValue();
    }
    return v;
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += (double) f * f;
    }
    return Math.sqrt(sum);
  }

  @Test
  void embeddingsAreDeterministicUnitVectors() {
    String body = "{\"model\":\"text-embedding-3-small\",\"input\":[\"alpha\",\"beta\",\"alpha\"]}";
    JsonNode first = json(post(embeddings, body));
    JsonNode again = json(post(embeddings, body));

    assertThat(first.get("object").asText()).isEqualTo("list");
    assertThat(first.get("model").asText()).isEqualTo("text-embedding-3-small");
    assertThat(first.get("data")).hasSize(3);
    assertThat(first.at("/data/2/index").asInt()).isEqualTo(2);
    assertThat(first.at("/data/0/object").asText()).isEqualTo("embedding");
    float[] alpha = vector(first.at("/data/0/embedding"));
    assertThat(alpha).hasSize(1536);
    assertThat(norm(alpha)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(vector(first.at("/data/2/embedding"))).isEqualTo(alpha);
    assertThat(vector(again.at("/data/0/embedding"))).isEqualTo(alpha);
    assertThat(vector(first.at("/data/1/embedding"))).isNotEqualTo(alpha);
    assertThat(first.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
    assertThat(first.at("/usage/total_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void dimensionsShortenAndBase64MatchesTheFloats() {
    JsonNode floats = json(post(embeddings,
        "{\"model\":\"text-embedding-3-small\",\"input\":\"hello\",\"dimensions\":256}"));
    JsonNode packed = json(post(embeddings, "{\"model\":\"text-embedding-3-small\","
        + "\"input\":\"hello\",\"dimensions\":256,\"encoding_format\":\"base64\"}"));

    float[] v = vector(floats.at("/data/0/embedding"));
    assertThat(v).hasSize(256);
    assertThat(norm(v)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
        .decode(packed.at("/data/0/embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
    float[] decoded = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(decoded);
    assertThat(decoded).isEqualTo(v);

    JsonNode large = json(post(embeddings,
        "{\"model\":\"text-embedding-3-large\",\"input\":[[1,2,3],[4,5]]}"));
    assertThat(large.at("/data/0/embedding")).hasSize(3072);
    assertThat(large.at("/usage/prompt_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void embeddingValidation() {
    assertThat(error(post(embeddings, "{\"model\":\"text-embedding-3-small\"}"), 400)
        .get("code").asText()).isEqualTo("missing_required_parameter");
    error(post(embeddings, "{\"model\":\"text-embedding-3-small\",\"input\":\"\"}"), 400);
    error(post(embeddings, "{\"model\":\"text-embedding-3-small\",\"input\":[]}"), 400);
    error(post(embeddings, "{\"model\":\"text-embedding-ada-002\",\"input\":\"x\","
        + "\"dimensions\":8}"), 400);
    assertThat(error(post(embeddings, "{\"model\":\"text-embedding-3-small\",\"input\":\"x\","
        + "\"encoding_format\":\"hex\"}"), 400).get("code").asText()).isEqualTo("invalid_value");
  }

  @Test
  void imagesAsUrlsThatTheSimulatorServes() throws Exception {
    JsonNode body = json(post(server.baseUrl() + "/images/generations",
        "{\"model\":\"dall-e-3\",\"prompt\":\"a lighthouse\"}"));

    assertThat(body.get("created").isIntegralNumber()).isTrue();
    assertThat(body.get("data")).hasSize(1);
    assertThat(body.at("/data/0/revised_prompt").asText()).contains("a lighthouse");
    String url = body.at("/data/0/url").asText();
    HttpResponse<byte[]> png = MockTestSupport.CLIENT.send(
        HttpRequest.newBuilder(java.net.URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
    assertValidPng(png.body());
  }

  @Test
  void imagesAsBase64() throws Exception {
    JsonNode body = json(post(server.baseUrl() + "/images/generations",
        "{\"model\":\"dall-e-2\",\"prompt\":\"a cat\",\"n\":2,\"response_format\":\"b64_json\"}"));

    assertThat(body.get("data")).hasSize(2);
    assertThat(body.at("/data/0/revised_prompt").isMissingNode()).isTrue();
    assertValidPng(Base64.getDecoder().decode(body.at("/data/1/b64_json").asText()));
    error(post(server.baseUrl() + "/images/generations", "{\"model\":\"dall-e-3\"}"), 400);
  }

  private static void assertValidPng(byte[] png) throws Exception {
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1);
    assertThat(image.getHeight()).isEqualTo(1);
  }
}
