package dev.jitrl.host.plugins;

import dev.jitrl.api.ActionSelectionExtension;
import java.util.Objects;

/**
 * An action-selection extension with the id of the plugin it comes from (what a step's {@code chosenBy}
 * names when the host follows it).
 */
public record SelectionHook(String pluginId, ActionSelectionExtension extension) {
  public SelectionHook {
    Objects.requireNonNull(pluginId, "pluginId must not be null");
    Objects.requireNonNull(extension, "extension must not be null");
  }
}
