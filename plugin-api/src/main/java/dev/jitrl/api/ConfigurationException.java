package dev.jitrl.api;

/**
 * A configuration value is invalid. The message names the key, the value given and what is allowed; the value
 * of a key that looks secret (its name contains {@code key}, {@code secret}, {@code token} or {@code password},
 * in any case) is masked, and so is a value that looks like a credential whatever its key (20 or more
 * letters, digits, {@code - _ + =} with both letters and digits, such as {@code sk-...}), so that an API key typed
 * into the wrong key never reaches a log either.
 */
public class ConfigurationException extends JitRlException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ConfigurationException(String key, String value, String allowed) {
    super("invalid configuration " + key + "=" + shown(key, value) + ": allowed " + allowed);
    this.key = key;
  }

  /** Whether a key's values must not be shown: its name contains key, secret, token or password. */
  public static boolean looksSecret(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("key") || k.contains("secret") || k.contains("token") || k.contains("password");
  }

  /** Whether a value looks like a credential: a long run of token characters with letters and digits. */
  public static boolean looksLikeCredential(String value) {
    return value.length() >= 20 && value.matches("[A-Za-z0-9_+=-]+") && value.matches(".*[0-9].*")
        && value.matches(".*[A-Za-z].*");
  }

  private static String shown(String key, String value) {
    if (value == null || !(looksSecret(key) || looksLikeCredential(value.strip()))) {
      return value;
    }
    return "*** (" + value.length() + " characters, masked)";
  }

  /** The offending configuration key. */
  public String key() {
    return key;
  }
}
