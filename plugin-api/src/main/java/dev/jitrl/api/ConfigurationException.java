package dev.jitrl.api;

/**
 * A configuration value is invalid. The message names the key, the value given and what is allowed.
 */
public class ConfigurationException extends JitRlException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigurationException(String key, String value, String allowed) {
    super("invalid configuration " + key + "=" + value + ": allowed " + allowed);
    this.key = key;
  }

  /** The offending configuration key. */
  public String key() {
    return key;
  }
}
