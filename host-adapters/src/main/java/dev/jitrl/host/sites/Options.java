package dev.jitrl.host.sites;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The {@code <option>}s of a select, the chosen one marked {@code selected}. */
final class Options {
  private static final Html SELECTED = Html.of(" selected=\"selected\"");

  private Options() {}

  static <T> Html of(List<T> choices, T selected, Function<T, ?> value, Function<T, ?> label) {
    Html.Builder options = Html.builder();
    for (T choice : choices) {
      options.add("<option value=\"{}\"{}>{}</option>", value.apply(choice),
          Objects.equals(choice, selected) ? SELECTED : Html.EMPTY, label.apply(choice));
    }
    return options.build();
  }
}
