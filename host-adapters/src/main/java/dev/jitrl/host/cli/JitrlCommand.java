package dev.jitrl.host.cli;

import dev.jitrl.api.JitRlException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    boolean verbose = rest.remove(VERBOSE);
    if (System.getProperty(LOG_LEVEL) == null) {
      // A command prints its result and errors; the log (plugin start and stop, per-step lines) would bury them.
      // --verbose (anywhere on the line) or -Dorg.slf4j.simpleLogger.defaultLogLevel=... shows it.
      // `run` is the exception: its per-step lines are what it shows.
      boolean run = !rest.isEmpty() && rest.get(0).equals("run");
      System.setProperty(LOG_LEVEL, verbose || run ? "info" : "warn");
    }
    System.exit(commandLine().execute(rest.toArray(String[]::new)));
  }

  /** Shows the log (info level) on standard error; accepted anywhere on the command line. */
  static final String VERBOSE = "--verbose";

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
