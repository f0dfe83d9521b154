package dev.jitrl.host.observe;

import dev.jitrl.api.Element;
import dev.jitrl.api.Observation;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of a native select. {@link PageObserver} lists them right after their select as elements of
 * role {@code option} whose id is the select's id, a dot and the option's index ({@code e7.2}).
 */
public final class SelectOptions {
  private SelectOptions() {}

  /** The option labels of {@code select} in the observation, in order; empty if it has none. */
  public static List<String> of(Observation page, Element select) {
    String prefix = select.id() + ".";
    List<String> labels = new ArrayList<>();
    for (Element e : page.elements()) {
      if ("option".equals(e.role()) && e.id().startsWith(prefix)) {
        labels.add(e.name());
      }
    }
    return labels;
  }

  /** The labels of the options of {@code select} that are selected (several in a multiple select). */
  public static java.util.Set<String> chosen(Observation page, Element select) {
    String prefix = select.id() + ".";
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Element e : page.elements()) {
      if ("option".equals(e.role()) && e.id().startsWith(prefix) && "true".equals(e.value())) {
        out.add(e.name());
      }
    }
    return out;
  }

  /** Whether the element is an option of a native select (as opposed to an ARIA option one clicks). */
  public static boolean isNativeOption(Element e) {
    return "option".equals(e.role()) && e.id().indexOf('.') > 0;
  }
}
