package dev.jitrl.host.cli;

import dev.jitrl.api.JitRlException;
import dev.jitrl.api.MemoryAdministration;
import dev.jitrl.host.plugins.HostConfig;
import dev.jitrl.host.plugins.PluginHost;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jitrl memory ...}: inspect and maintain a learning plugin's memory through {@link MemoryAdministration}. */
@Command(name = "memory", mixinStandardHelpOptions = true, description = "Inspect and maintain the plugin's memory.",
    subcommands = {MemoryCommand.Stats.class, MemoryCommand.Export.class, MemoryCommand.Import.class,
        MemoryCommand.Prune.class, MemoryCommand.Explain.class, MemoryCommand.Copy.class})
final class MemoryCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A subcommand body run with the plugins' memory administration. */
  interface WithMemory {
    int apply(MemoryAdministration memory, PrintWriter out) throws IOException;
  }

  static int withMemory(HostOptions host, CommandSpec spec, WithMemory body) throws IOException {
    return withMemory(host, host.hostConfig(Optional.empty()), spec, body);
  }

  static int withMemory(HostOptions host, HostConfig config, CommandSpec spec, WithMemory body) throws IOException {
    try (PluginHost plugins = host.startPlugins(config)) {
      List<MemoryAdministration> admins = plugins.memoryAdministrations();
      if (admins.isEmpty()) {
        throw new JitRlException("no plugin in " + plugins.folder() + " offers memory administration");
      }
      PrintWriter out = spec.commandLine().getOut();
      int code = body.apply(admins.get(0), out);
      out.flush();
      return code;
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Where the memory is and what it holds.")
  static final class Stats implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HostOptions host;

    @Override
    public Integer call() throws IOException {
      return withMemory(host, spec, (m, out) -> {
        for (Map.Entry<String, String> e : m.stats().entrySet()) {
          out.println(e.getKey() + "=" + e.getValue());
        }
        return 0;
      });
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the memory as JSON Lines.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HostOptions host;

    @Option(names = "--out", paramLabel = "FILE", description = "output file (default: standard output)")
    Path file;

    @Override
    public Integer call() throws IOException {
      return withMemory(host, spec, (m, out) -> {
        if (file == null) {
          Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
          long n = m.exportTo(w);
          w.flush();
          spec.commandLine().getErr().println(n + " episodes exported");
        } else {
          try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.println(m.exportTo(w) + " episodes exported to " + file);
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true, description = "Read episodes from JSON Lines.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HostOptions host;

    @Parameters(paramLabel = "FILE", description = "a file written by memory export")
    Path file;

    @Override
    public Integer call() throws IOException {
      return withMemory(host, spec, (m, out) -> {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          MemoryAdministration.ImportSummary s = m.importFrom(r);
          out.println(s.stored() + " episodes stored, " + s.skipped() + " already present");
        }
        return 0;
      });
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true, description = "Evict the oldest episodes.")
  static final class Prune implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HostOptions host;

    @Option(names = "--keep", required = true, paramLabel = "STEPS", description = "steps to keep at most")
    long keep;

    @Override
    public Integer call() throws IOException {
      if (keep < 0) {
        throw new IllegalArgumentException("--keep must be >= 0 but was " + keep);
      }
      return withMemory(host, spec, (m, out) -> {
        out.println(m.prune(keep) + " steps removed");
        return 0;
      });
    }
  }

  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = "What memory knows about a page and goal: similar steps, baseline, action values.")
  static final class Explain implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HostOptions host;

    @Option(names = "--url", required = true, description = "the page address")
    String url;

    @Option(names = "--goal", required = true, description = "the task goal")
    String goal;

    @Option(names = "--context", split = ";", paramLabel = "ACTION",
        description = "normalized actions already taken on this page kind, separated by ';'")
    List<String> context = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
      return withMemory(host, spec, (m, out) -> {
        out.println(m.explain(url, goal, context));
        return 0;
      });
    }
  }

  @Command(name = "copy", mixinStandardHelpOptions = true,
      description = "Copy every episode of one memory into another (SQLite file or PostgreSQL, either way);"
          + " episodes the target already holds are skipped.")
  static final class Copy implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HostOptions host;

    @Option(names = "--from", required = true, paramLabel = "FILE|URL",
        description = "the memory to read: an SQLite file or jdbc:postgresql://host:port/db")
    String from;

    @Option(names = "--to", required = true, paramLabel = "FILE|URL",
        description = "the memory to write: an SQLite file (created if absent) or jdbc:postgresql://host:port/db")
    String to;

    @Override
    public Integer call() throws IOException {
      if (!from.startsWith("jdbc:") && !Files.isRegularFile(Path.of(from))) {
        throw new IllegalArgumentException("--from " + from + " is not a memory file (nothing was copied)");
      }
      // Through the plugin's own export and import (JSON Lines, every field of every episode and step): the
      // target validates the whole copy before it stores anything, and is written in one transaction.
      Path tmp = Files.createTempFile("jitrl-memory-copy-", ".jsonl");
      try {
        long[] exported = new long[1];
        withMemory(host, host.hostConfigWithMemory(from), spec, (m, out) -> {
          try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            exported[0] = m.exportTo(w);
          }
          return 0;
        });
        return withMemory(host, host.hostConfigWithMemory(to), spec, (m, out) -> {
          try (Reader r = Files.newBufferedReader(tmp, StandardCharsets.UTF_8)) {
            MemoryAdministration.ImportSummary s = m.importFrom(r);
            out.println(exported[0] + " episodes read from " + shown(from) + ": " + s.stored() + " stored in "
                + shown(to) + ", " + s.skipped() + " already there");
          }
          return 0;
        });
      } finally {
        Files.deleteIfExists(tmp);
      }
    }

    /** A location for people: a URL without what follows '?'. */
    private static String shown(String location) {
      int q = location.indexOf('?');
      return q < 0 ? location : location.substring(0, q);
    }
  }
}
