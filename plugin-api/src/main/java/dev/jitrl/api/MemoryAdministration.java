package dev.jitrl.api;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Administration of a learning plugin's memory, for a host's command line or console: inspect, export,
 * import, prune and explain — without the host depending on how the plugin stores its memory.
 */
public interface MemoryAdministration extends ExtensionPoint {

  /** Where the memory lives and what it holds, as ordered name/value pairs ({@code steps=1200}). */
  Map<String, String> stats();

  /**
   * Writes the whole memory as JSON Lines (one episode per line).
   *
   * @return the number of episodes written
   */
  long exportTo(Writer out) throws IOException;

  /**
   * Reads JSON Lines written by {@link #exportTo(Writer)}; the input is validated first and nothing is stored
   * if any line is invalid. Episodes already present are skipped.
   *
   * @throws JitRlException naming the first invalid line
   */
  ImportSummary importFrom(Reader in) throws IOException;

  /**
   * Evicts the oldest whole episodes until at most {@code keepSteps} steps remain.
   *
   * @return the number of steps removed
   */
  long prune(long keepSteps);

  /**
   * A human-readable report of what memory knows about a state: the page kind the URL maps to, the similar
   * remembered steps, the baseline value and the value of each remembered action.
   *
   * @param url the page address
   * @param goal the task goal
   * @param context the normalized actions already taken on this page kind (may be empty)
   */
  String explain(String url, String goal, List<String> context);

  /** Counts of an import. */
  record ImportSummary(long stored, long skipped) {}
}
