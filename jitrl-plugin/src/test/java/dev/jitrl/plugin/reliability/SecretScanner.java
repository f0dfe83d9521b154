package dev.jitrl.plugin.reliability;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for a secret in files (logs, memory files with their -wal and -shm, exports, bench reports) and texts:
 * as written, URL-encoded, JSON-escaped and base64-encoded, byte for byte, so that binary files count too.
 */
public final class SecretScanner {
  private final List<byte[]> forms = new ArrayList<>();

  public SecretScanner(String secret) {
    for (String form : List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
        secret.replace("/", "\\/"), Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))) {
      forms.add(form.getBytes(StandardCharsets.UTF_8));
      forms.add(form.getBytes(StandardCharsets.UTF_16LE)); // a Java heap dump or a UTF-16 log
    }
  }

  /** Every file under the paths (folders are walked) that holds the secret in one of its forms. */
  public List<String> hits(Path... paths) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path root : paths) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          if (contains(Files.readAllBytes(p))) {
            out.add(p.toString());
          }
        }
      }
    }
    return out;
  }

  /** Whether a text holds the secret. */
  public boolean in(String text) {
    return contains(text.getBytes(StandardCharsets.UTF_8));
  }

  private boolean contains(byte[] data) {
    for (byte[] f : forms) {
      outer:
      for (int i = 0; i + f.length <= data.length; i++) {
        for (int j = 0; j < f.length; j++) {
          if (data[i + j] != f[j]) {
            continue outer;
          }
        }
        return true;
      }
    }
    return false;
  }
}
