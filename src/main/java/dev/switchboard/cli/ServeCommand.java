package dev.switchboard.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code switchboard serve}: runs the gateway until the process is stopped (SIGTERM stops it
 * gracefully). The same as running {@code switchboard} with no subcommand.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the gateway (the default when no subcommand is given).")
public final class ServeCommand implements Callable<Integer> {
  @Mixin
  ServeOptions options = new ServeOptions();

  @Override
  public Integer call() {
    return options.run();
  }
}
