package dev.jitrl.host.bench;

import java.io.PrintStream;

/** A one-line progress bar ({@code [#####.....] 12/40 static open-reports #3}) redrawn in place. */
public final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final int total;
  private int done;

  public ProgressBar(PrintStream out, int total) {
    this.out = out;
    this.total = Math.max(1, total);
  }

  /** Marks one more unit done and redraws. */
  public synchronized void step(String label) {
    done = Math.min(total, done + 1);
    int filled = done * WIDTH / total;
    out.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " "
        + pad(label));
    if (done == total) {
      out.println();
    }
    out.flush();
  }

  private static String pad(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) : s;
    return t + " ".repeat(40 - t.length());
  }
}
