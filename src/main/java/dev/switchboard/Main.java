package dev.switchboard;

import dev.switchboard.cli.MockCommand;
import dev.switchboard.cli.ServeCommand;
import dev.switchboard.cli.ServeOptions;
import dev.switchboard.cli.StartupWarmer;
import dev.switchboard.cli.WarmupCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code switchboard} command. Without a subcommand it serves the gateway (as {@code serve}
 * does); {@code mock} runs the upstream simulator.
 *
 * <p>Threading: runs on the main thread, which then waits for the process to be stopped.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true,
    version = "Switchboard 0.1.0",
    description = "Open-source AI gateway: one OpenAI-compatible endpoint for every LLM provider.",
    subcommands = {ServeCommand.class, MockCommand.class, WarmupCommand.class})
public final class Main implements Callable<Integer> {
  /** First arguments that never start a gateway, so warming one up would be wasted work. */
  private static final java.util.Set<String> NO_WARMUP =
      java.util.Set.of("mock", "-h", "--help", "-V", "--version");

  @Mixin
  ServeOptions options = new ServeOptions();

  @Override
  public Integer call() {
    return options.run();
  }

  public static void main(String[] args) {
    if (args.length == 0 || !NO_WARMUP.contains(args[0])) {
      StartupWarmer.start();
    }
    if (args.length == 0) {
      // Nothing to parse: skip building the command-line model, a fifth of the start-up time.
      int served = new ServeOptions().run();
      if (served != 0) {
        System.exit(served);
      }
      return;
    }
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
