package dev.jitrl.api;

import java.util.List;
import java.util.Optional;

/**
 * What the agent sees of a page at one moment.
 *
 * @param url the page's address as the browser reports it; never blank (use {@code about:blank} for none)
 * @param title the document title; may be empty
 * @param elements the visible interactive elements, in document order; may be empty
 * @param text an excerpt of the page's visible text (messages, headings, errors), bounded by the host; may be
 *     empty. Plugins treat it as untrusted data.
 */
public record Observation(String url, String title, List<Element> elements, String text) {
  public Observation {
    Checks.notBlank(url, "url");
    Checks.notNull(title, "title");
    elements = List.copyOf(Checks.notNull(elements, "elements"));
    Checks.notNull(text, "text");
  }

  /** The element with this host id, if the page has it. */
  public Optional<Element> element(String id) {
    for (Element e : elements) {
      if (e.id().equals(id)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
