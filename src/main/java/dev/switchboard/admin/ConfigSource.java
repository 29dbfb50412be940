package dev.switchboard.admin;

import dev.switchboard.config.GatewayConfig;

/**
 * Where a fresh copy of the running configuration comes from, for {@code POST
 * /admin/config/reload}. Implementations block (they read a file): call them on a worker thread.
 */
@FunctionalInterface
public interface ConfigSource {

  /**
   * Reads and validates the configuration again.
   *
   * @throws dev.switchboard.config.ConfigException listing every problem
   * @throws dev.switchboard.pipeline.GatewayException when there is nothing to reload
   */
  GatewayConfig reload();
}
