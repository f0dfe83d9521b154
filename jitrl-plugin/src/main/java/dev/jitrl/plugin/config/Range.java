package dev.jitrl.plugin.config;

import java.math.BigDecimal;

/**
 * The values a numeric {@link Setting} allows: {@code [min, max]}, or {@code (min, max]} where the lower bound
 * itself is not allowed. NaN is in no range.
 */
record Range(double min, boolean minExcluded, double max) {
  static Range closed(double min, double max) {
    return new Range(min, false, max);
  }

  /** {@code (min, max]}. */
  static Range above(double min, double max) {
    return new Range(min, true, max);
  }

  boolean contains(double value) {
    return (minExcluded ? value > min : value >= min) && value <= max;
  }

  /** As messages and the README write it: {@code [1, 1000]}, {@code (0, 1000]}. */
  @Override
  public String toString() {
    return (minExcluded ? "(" : "[") + plain(min) + ", " + plain(max) + "]";
  }

  private static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
