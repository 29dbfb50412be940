package dev.switchboard.admin;

import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.store.StoreException;
import java.util.function.Supplier;

/**
 * How store failures become admin API errors: a missing (or other tenant's) row is 404, a broken
 * rule or conflict is 400 with a message the operator can act on, an unreachable database is 503,
 * anything else 500. Route code names the conflict it expects (a taken name) where it can, since
 * the driver's own wording is not meant for people.
 *
 * <p>Threading: stateless.
 */
final class GovernanceErrors {
  private GovernanceErrors() {}

  /** The API error for a store failure. */
  static GatewayException translate(StoreException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> GatewayException.of(ErrorKind.NOT_FOUND, sentence(e.getMessage()));
      case CONFLICT, INVALID -> GatewayException.invalid(null, sentence(e.getMessage()));
      case UNAVAILABLE -> GatewayException.builder(ErrorKind.INTERNAL, "The governance store is"
          + " unavailable or busy; nothing was changed. Try again shortly.").status(503)
          .cause(e).build();
      default -> GatewayException.builder(ErrorKind.INTERNAL, "The governance store failed: "
          + sentence(e.getMessage()) + " The request id identifies it in the gateway's log.")
          .cause(e).build();
    };
  }

  /**
   * Runs a store write whose only expected conflict is a uniqueness rule, answering 400 with
   * {@code message} (naming {@code param}) when it is broken.
   */
  static <T> T unique(String param, String message, Supplier<T> write) {
    try {
      return write.get();
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.CONFLICT) {
        throw GatewayException.invalid(param, message);
      }
      throw e;
    }
  }

  /**
   * After a committed change: tells the key caches ({@code invalidate}) and appends the audit
   * entry ({@code record}), each even when the other fails, so that neither a cache outage nor
   * an audit failure hides the other step. A failed invalidation then answers 500 saying what
   * was saved and what the caller should expect.
   */
  static void invalidateAndRecord(Runnable invalidate, Runnable record) {
    RuntimeException failed = null;
    try {
      invalidate.run();
    } catch (RuntimeException e) {
      failed = e;
    }
    record.run();
    if (failed != null) {
      throw GatewayException.builder(ErrorKind.INTERNAL, "The change was saved and audited, but"
          + " the gateway's key caches could not be told (" + failed.getClass().getSimpleName()
          + ": " + failed.getMessage() + "); affected keys may keep their old state on some"
          + " replicas until their caches expire them.").cause(failed).build();
    }
  }

  /** 404 for an id that does not exist or belongs to another tenant (the two look the same). */
  static GatewayException notFound(String type, String id, String plural) {
    return GatewayException.of(ErrorKind.NOT_FOUND, "No " + type + " with id '" + id
        + "'. GET /admin/" + plural + " lists them.");
  }

  /** 404 for a path this API does not have. */
  static GatewayException unknownPath(String path) {
    return GatewayException.of(ErrorKind.NOT_FOUND, "Unknown path '" + path + "'. See"
        + " docs/openapi/admin.yaml for the governance admin API.");
  }

  private static String sentence(String m) {
    if (m == null || m.isEmpty()) {
      return "No details.";
    }
    String s = Character.toUpperCase(m.charAt(0)) + m.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
