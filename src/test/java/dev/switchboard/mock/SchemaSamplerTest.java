package dev.switchboard.mock;

import static dev.switchboard.mock.MockTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SchemaSamplerTest {

  @Test
  void samplesEveryDeclaredPropertyByType() {
    JsonNode sample = SchemaSampler.sample(json("""
        {"type":"object","properties":{
          "name":{"type":"string"},
          "count":{"type":"integer","minimum":3},
          "ratio":{"type":"number"},
          "ok":{"type":"boolean"},
          "tags":{"type":"array","items":{"type":"string"}},
          "unit":{"type":"string","enum":["c","f"]},
          "when":{"type":"string","format":"date-time"},
          "maybe":{"type":["string","null"]},
          "choice":{"anyOf":[{"type":"null"},{"type":"integer"}]},
          "fixed":{"const":"v1"},
          "nested":{"type":"object","properties":{"x":{"type":"integer"}}}
        },"required":["name"]}"""));

    assertThat(sample.get("name").isTextual()).isTrue();
    assertThat(sample.get("count").asInt()).isEqualTo(3);
    assertThat(sample.get("ratio").isNumber()).isTrue();
    assertThat(sample.get("ok").asBoolean()).isTrue();
    assertThat(sample.get("tags")).hasSize(1);
    assertThat(sample.get("unit").asText()).isEqualTo("c");
    assertThat(sample.get("when").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(sample.get("maybe").isTextual()).isTrue();
    assertThat(sample.get("choice").isInt()).isTrue();
    assertThat(sample.get("fixed").asText()).isEqualTo("v1");
    assertThat(sample.at("/nested/x").isInt()).isTrue();
  }

  @Test
  void missingOrSelfReferencingSchemasStillGiveJson() {
    assertThat(SchemaSampler.sample(null).isObject()).isTrue();
    assertThat(SchemaSampler.sample(json("{\"$ref\":\"#/$defs/node\"}")).isTextual()).isTrue();
    JsonNode deep = json("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\","
        + "\"properties\":{\"b\":{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"object\","
        + "\"properties\":{\"d\":{\"type\":\"object\",\"properties\":{\"e\":{\"type\":\"object\","
        + "\"properties\":{\"f\":{\"type\":\"object\",\"properties\":{\"g\":{\"type\":\"object\","
        + "\"properties\":{\"h\":{\"type\":\"object\",\"properties\":{\"i\":{\"type\":\"string\"}"
        + "}}}}}}}}}}}}}}}}}}");
    assertThat(SchemaSampler.sample(deep).at("/a/b/c/d/e/f/g/h/i").isNull()).isTrue();
  }
}
