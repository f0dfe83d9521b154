package dev.jitrl.host.cli;

import dev.jitrl.api.JitRlException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jitrl} command: run one episode, run a benchmark, administer the plugin's memory. */
@Command(
    name = "jitrl",
    mixinStandardHelpOptions = true,
    version = "jitrl 0.1.0",
    description = "A Selenium web agent whose PF4J plugins (JitRL) learn from its runs.",
    subcommands = {RunCommand.class, BenchCommand.class, MemoryCommand.class})
public final class JitrlCommand implements Runnable {

  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    if (args.length > 0 && args[0].equals("bench") && System.getProperty(LOG_LEVEL) == null) {
      // a bench shows a progress bar and a summary; per-step logs would bury them (override with -D)
      System.setProperty(LOG_LEVEL, "warn");
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with this project's error handling: one line naming the problem, no stack trace. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new JitrlCommand());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      if (e instanceof JitRlException || e instanceof IllegalArgumentException) {
        err.println("jitrl: " + e.getMessage());
      } else {
        err.println("jitrl: " + e);
      }
      err.flush();
      return 2;
    });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
