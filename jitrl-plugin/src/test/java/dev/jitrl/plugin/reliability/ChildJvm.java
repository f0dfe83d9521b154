package dev.jitrl.plugin.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running a small {@code main} of the test sources on the test class path, with its standard
 * output read line by line on a thread (so that the child never blocks on a full pipe) and its standard error
 * in a file.
 */
public final class ChildJvm implements AutoCloseable {
  /** Marks the end of the output (the child's stdout was closed). */
  private static final String EOF = "\u0000eof";

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> all = new ArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::pump, "child-" + process.pid() + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with cheap-start JVM flags, extra {@code -D} options and arguments. */
  public static ChildJvm start(Class<?> mainClass, Path stderr, List<String> jvmOptions, String... args)
      throws IOException {
    return start(mainClass, stderr, jvmOptions, java.util.Map.of(), args);
  }

  /** As above, with extra environment variables. */
  public static ChildJvm start(Class<?> mainClass, Path stderr, List<String> jvmOptions,
      java.util.Map<String, String> environment, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xshare:auto");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Xmx256m");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
    pb.environment().putAll(environment);
    Process p = pb.start();
    return new ChildJvm(p);
  }

  private void pump() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (all) {
          all.add(line);
        }
        lines.add(line);
      }
    } catch (IOException e) {
      // the child died; what was read stays
    } finally {
      lines.add(EOF);
    }
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The next line starting with {@code prefix} (earlier lines are skipped, but kept in {@link #lines()}), or
   * null if the child's output ended or the timeout passed.
   */
  public String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      long left = deadline - System.nanoTime();
      String line = lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(EOF)) {
        if (line != null) {
          lines.add(EOF); // stay at the end
        }
        return null;
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /**
   * Kills the child with SIGKILL ({@link Process#destroyForcibly()} sends SIGKILL on Linux) and waits for it and
   * for the end of its output.
   *
   * @return the exit code (137 = 128 + SIGKILL)
   */
  public int kill() throws InterruptedException {
    process.destroyForcibly();
    int code = process.waitFor();
    reader.join(10_000);
    return code;
  }

  /** Waits for a normal exit and the end of the output. */
  public int await(long timeoutMillis) throws InterruptedException {
    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child " + process.pid() + " did not end within " + timeoutMillis + " ms");
    }
    reader.join(10_000);
    return process.exitValue();
  }

  /** Writes one line to the child's standard input (a start signal, for instance). */
  public void send(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Every line the child printed so far. */
  public List<String> lines() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
