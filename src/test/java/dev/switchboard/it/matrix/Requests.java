package dev.switchboard.it.matrix;

/**
 * The requests of the matrix, each written once per inbound API as the JSON its clients send.
 * {@code %s} stands for the model.
 *
 * <p>Constants only.
 */
final class Requests {
  private Requests() {}

  /** A one-pixel PNG, small enough to inline. */
  static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
      + "DwADhgGAWjR9awAAAABJRU5ErkJggg==";
  static final String IMAGE_URL = "https://example.com/cat.png";

  static final String WEATHER_OPENAI = """
      {"type":"function","function":{"name":"get_weather","description":"Weather of a city",
       "parameters":{"type":"object","properties":{"city":{"type":"string"}},
       "required":["city"]}}}""";
  static final String WEATHER_ANTHROPIC = """
      {"name":"get_weather","description":"Weather of a city",
       "input_schema":{"type":"object","properties":{"city":{"type":"string"}},
       "required":["city"]}}""";

  static String text(Inbound in, String model) {
    return in == Inbound.OPENAI_CHAT ? """
        {"model":"%s","messages":[{"role":"system","content":"Be brief."},
         {"role":"user","content":"Say hello"}]}""".formatted(model) : """
        {"model":"%s","max_tokens":200,"system":"Be brief.",
         "messages":[{"role":"user","content":"Say hello"}]}""".formatted(model);
  }

  static String tool(Inbound in, String model) {
    return in == Inbound.OPENAI_CHAT ? """
        {"model":"%s","messages":[{"role":"user","content":"Weather in Paris? Use the tool."}],
         "tools":[%s]}""".formatted(model, WEATHER_OPENAI) : """
        {"model":"%s","max_tokens":200,"tools":[%s],
         "messages":[{"role":"user","content":"Weather in Paris? Use the tool."}]}"""
        .formatted(model, WEATHER_ANTHROPIC);
  }

  /** Two tools, either of which must be called: the Anthropic simulator then calls both. */
  static String twoTools(Inbound in, String model) {
    String time = in == Inbound.OPENAI_CHAT
        ? "{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"zone\":{\"type\":\"string\"}},"
            + "\"required\":[\"zone\"]}}}"
        : "{\"name\":\"get_time\",\"input_schema\":{\"type\":\"object\",\"properties\":"
            + "{\"zone\":{\"type\":\"string\"}},\"required\":[\"zone\"]}}";
    return in == Inbound.OPENAI_CHAT ? """
        {"model":"%s","tool_choice":"required","tools":[%s,%s],
         "messages":[{"role":"user","content":"Weather and time in Paris?"}]}"""
        .formatted(model, WEATHER_OPENAI, time) : """
        {"model":"%s","max_tokens":200,"tool_choice":{"type":"any"},"tools":[%s,%s],
         "messages":[{"role":"user","content":"Weather and time in Paris?"}]}"""
        .formatted(model, WEATHER_ANTHROPIC, time);
  }

  /**
   * A conversation after two parallel tool calls and their two results, asking for no more
   * parallel calls.
   */
  static String parallelToolResults(Inbound in, String model) {
    return in == Inbound.OPENAI_CHAT ? """
        {"model":"%s","tools":[%s],"parallel_tool_calls":false,"messages":[
         {"role":"user","content":"Weather in Paris and Rome?"},
         {"role":"assistant","content":null,"tool_calls":[
           {"id":"call_p","type":"function","function":{"name":"get_weather",
            "arguments":"{\\"city\\":\\"Paris\\"}"}},
           {"id":"call_r","type":"function","function":{"name":"get_weather",
            "arguments":"{\\"city\\":\\"Rome\\"}"}}]},
         {"role":"tool","tool_call_id":"call_p","content":"sunny"},
         {"role":"tool","tool_call_id":"call_r","content":"rainy"}]}"""
        .formatted(model, WEATHER_OPENAI) : """
        {"model":"%s","max_tokens":200,"tools":[%s],
         "tool_choice":{"type":"auto","disable_parallel_tool_use":true},"messages":[
         {"role":"user","content":"Weather in Paris and Rome?"},
         {"role":"assistant","content":[
           {"type":"tool_use","id":"call_p","name":"get_weather","input":{"city":"Paris"}},
           {"type":"tool_use","id":"call_r","name":"get_weather","input":{"city":"Rome"}}]},
         {"role":"user","content":[
           {"type":"tool_result","tool_use_id":"call_p","content":"sunny"},
           {"type":"tool_result","tool_use_id":"call_r","content":"rainy"}]}]}"""
        .formatted(model, WEATHER_ANTHROPIC);
  }

  static String imageData(Inbound in, String model) {
    return in == Inbound.OPENAI_CHAT ? """
        {"model":"%s","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},
         {"type":"image_url","image_url":{"url":"data:image/png;base64,%s"}}]}]}"""
        .formatted(model, PNG) : """
        {"model":"%s","max_tokens":200,"messages":[{"role":"user","content":[
         {"type":"text","text":"What is it?"},
         {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}]}]}"""
        .formatted(model, PNG);
  }

  static String imageUrl(Inbound in, String model) {
    return in == Inbound.OPENAI_CHAT ? """
        {"model":"%s","messages":[{"role":"user","content":[{"type":"text","text":"What is it?"},
         {"type":"image_url","image_url":{"url":"%s"}}]}]}""".formatted(model, IMAGE_URL) : """
        {"model":"%s","max_tokens":200,"messages":[{"role":"user","content":[
         {"type":"text","text":"What is it?"},
         {"type":"image","source":{"type":"url","url":"%s"}}]}]}"""
        .formatted(model, IMAGE_URL);
  }

  /** The path of an inbound API. */
  static String path(Inbound in) {
    return in == Inbound.OPENAI_CHAT ? "/v1/chat/completions" : "/v1/messages";
  }

  /** {@code body} with {@code "stream": stream} added. */
  static String streamed(String body, boolean stream) {
    return body.replaceFirst("\\{", "{\"stream\":" + stream + ",");
  }
}
