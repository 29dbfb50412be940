package dev.switchboard.policy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.provider.Json;
import org.junit.jupiter.api.Test;

class RequestFingerprintTest {

  private static JsonNode json(String s) throws Exception {
    return Json.MAPPER.readTree(s);
  }

  private static String key(String body) throws Exception {
    return RequestFingerprint.of("t", json(body));
  }

  @Test
  void keyOrderAndNumberSpellingDoNotMatter() throws Exception {
    String a = key("{\"model\":\"m\",\"temperature\":1,\"messages\":[{\"role\":\"user\","
        + "\"content\":\"hi\"}],\"response_format\":{\"type\":\"json_object\",\"x\":1.50}}");
    String b = key("{\"response_format\":{\"x\":1.5,\"type\":\"json_object\"},\"messages\":"
        + "[{\"content\":\"hi\",\"role\":\"user\"}],\"temperature\":1.0,\"model\":\"m\"}");
    assertThat(a).isEqualTo(b).hasSize(64).matches("[0-9a-f]+");
    assertThat(key("{\"model\":\"m\",\"seed\":1e1}")).isEqualTo(key("{\"model\":\"m\",\"seed\":10}"));
  }

  @Test
  void deliveryAndBookkeepingFieldsAreIgnored() throws Exception {
    String plain = key("{\"model\":\"m\",\"messages\":[]}");
    assertThat(key("{\"model\":\"m\",\"messages\":[],\"stream\":true,"
        + "\"stream_options\":{\"include_usage\":true},\"user\":\"u1\",\"metadata\":{\"a\":\"b\"}}"))
        .isEqualTo(plain);
  }

  @Test
  void everyParameterThatShapesTheAnswerCounts() throws Exception {
    String base = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    String plain = key(base + "}");
    for (String extra : new String[] {",\"temperature\":0.2", ",\"top_p\":0.9",
        ",\"max_tokens\":5", ",\"tools\":[]", ",\"tool_choice\":\"none\"", ",\"stop\":[\"x\"]",
        ",\"n\":2", ",\"seed\":7", ",\"response_format\":{\"type\":\"text\"}",
        ",\"some_future_field\":true"}) {
      assertThat(key(base + extra + "}")).as(extra).isNotEqualTo(plain);
    }
    assertThat(key(base.replace("\"m\"", "\"m2\"") + "}")).isNotEqualTo(plain);
    assertThat(key(base.replace("hi", "hi ") + "}")).isNotEqualTo(plain);
    // messages are ordered: swapping two is another conversation
    assertThat(key("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\","
        + "\"content\":\"b\"}]}")).isNotEqualTo(key("{\"messages\":[{\"role\":\"user\","
        + "\"content\":\"b\"},{\"role\":\"user\",\"content\":\"a\"}]}"));
  }

  @Test
  void thePartitionIsPartOfTheKey() throws Exception {
    JsonNode body = json("{\"model\":\"m\"}");
    assertThat(RequestFingerprint.of("tenant-a", body))
        .isNotEqualTo(RequestFingerprint.of("tenant-b", body));
  }

  @Test
  void stringsAreEscapedSoNoTwoBodiesShareACanonicalText() throws Exception {
    assertThat(RequestFingerprint.canonical(json("{\"a\":\"x\\\",\\\"b\\\":\\\"y\"}")))
        .isNotEqualTo(RequestFingerprint.canonical(json("{\"a\":\"x\",\"b\":\"y\"}")));
  }
}
