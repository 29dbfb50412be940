package dev.switchboard.it.matrix;

import static dev.switchboard.it.matrix.Capability.CACHE_USAGE;
import static dev.switchboard.it.matrix.Capability.CACHE_WRITE_USAGE;
import static dev.switchboard.it.matrix.Capability.IMAGE_URL;
import static dev.switchboard.it.matrix.Capability.MESSAGES_PASS_THROUGH;
import static dev.switchboard.it.matrix.Capability.PARALLEL_CALL_ANSWERS;
import static dev.switchboard.it.matrix.Capability.PARALLEL_TOOL_SWITCH;
import static dev.switchboard.it.matrix.Capability.REASONING;
import static dev.switchboard.it.matrix.Capability.SIGNED_REASONING;
import static dev.switchboard.it.matrix.Capability.SIGNED_TOOL_CALLS;
import static dev.switchboard.it.matrix.Capability.STREAMED_TOOL_ARGUMENTS;

import java.util.EnumSet;
import java.util.Set;

/**
 * The outbound adapters under contract, each with its capability flags and how a test gateway
 * reaches its simulator. Adding an adapter to the matrix (suite and documentation) is one constant
 * here.
 *
 * <p>Immutable constants.
 */
enum Upstream {
  OPENAI("OpenAI-compatible", "openai", "gpt-4o-mini", "/v1", "sk-openai-test",
      EnumSet.of(IMAGE_URL, STREAMED_TOOL_ARGUMENTS, PARALLEL_TOOL_SWITCH)),
  ANTHROPIC("Anthropic", "anthropic", "claude-sonnet-4", "", "sk-ant-test",
      EnumSet.of(IMAGE_URL, STREAMED_TOOL_ARGUMENTS, PARALLEL_TOOL_SWITCH, PARALLEL_CALL_ANSWERS,
          REASONING,
          SIGNED_REASONING, CACHE_USAGE, CACHE_WRITE_USAGE, MESSAGES_PASS_THROUGH)),
  GEMINI("Gemini", "gemini", "gemini-2.0-flash", "", "sk-gem-test",
      EnumSet.of(REASONING, SIGNED_TOOL_CALLS, CACHE_USAGE)),
  BEDROCK("Bedrock", "bedrock", "anthropic.claude-3-5-haiku-20241022-v1:0", "", "AKIDSIMULATOR",
      EnumSet.of(STREAMED_TOOL_ARGUMENTS, PARALLEL_CALL_ANSWERS, REASONING, SIGNED_REASONING,
          CACHE_USAGE, CACHE_WRITE_USAGE));

  /** The secret of Bedrock's access key: the one the simulator verifies SigV4 signatures with. */
  private static final String BEDROCK_SECRET = "simulator-secret";

  /** Column title in the documentation. */
  final String title;
  /** The provider {@code type:} in the gateway's configuration. */
  final String providerType;
  /** The provider's model the test route points at. */
  final String upstreamModel;
  /** What the adapter's {@code base_url} adds to the simulator's root. */
  final String basePathSuffix;
  /**
   * The key the simulator demands, so the adapter's authentication header is checked too; for
   * Bedrock the access key id the requests are SigV4-signed with.
   */
  final String apiKey;
  private final Set<Capability> capabilities;

  Upstream(String title, String providerType, String upstreamModel, String basePathSuffix,
      String apiKey, Set<Capability> capabilities) {
    this.title = title;
    this.providerType = providerType;
    this.upstreamModel = upstreamModel;
    this.basePathSuffix = basePathSuffix;
    this.apiKey = apiKey;
    this.capabilities = Set.copyOf(capabilities);
  }

  /** The provider's credential lines of the gateway configuration, one field a line. */
  String credentialsYaml() {
    return this == BEDROCK
        ? "region: eu-west-1\naws_access_key_id: " + apiKey + "\naws_secret_access_key: "
            + BEDROCK_SECRET + "\n"
        : "api_key: " + apiKey + "\n";
  }

  boolean has(Capability c) {
    return capabilities.contains(c);
  }

  /** The gateway model name routed to this adapter alone. */
  String route() {
    return "m-" + name().toLowerCase(java.util.Locale.ROOT);
  }
}
