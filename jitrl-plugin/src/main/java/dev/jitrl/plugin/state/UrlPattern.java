package dev.jitrl.plugin.state;

import java.util.Objects;

/**
 * A regularized URL: pages of the same kind on the same site collide.
 *
 * @param site the site alias (or {@code host[:port]})
 * @param pattern the path with ids and tokens replaced, plus the sorted query keys ({@code /orders/{id}?page})
 */
public record UrlPattern(String site, String pattern) {
  public UrlPattern {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(pattern, "pattern");
  }

  /** The key used to group stored steps: {@code site + pattern}. */
  public String key() {
    return site + pattern;
  }

  @Override
  public String toString() {
    return key();
  }
}
