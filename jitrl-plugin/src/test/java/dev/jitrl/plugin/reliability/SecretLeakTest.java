package dev.jitrl.plugin.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake API key in the configuration (host map, system property, environment) never reaches an output. */
class SecretLeakTest {
  private static final String SECRET = "sk-test-5ecr3t-Zq9wX2vB7nM4kL1pR8tY";

  @TempDir
  Path dir;

  @Test
  void plugin_endToEndWithApiKeyInConfiguration_secretInNoLogFileExportOrOutput() throws Exception {
    Path memory = dir.resolve("memory.sqlite");
    Path export = dir.resolve("export.jsonl");
    Path log = dir.resolve("plugin.log");
    Path stderr = dir.resolve("stderr.txt");
    ChildJvm child = ChildJvm.start(SecretProbeMain.class, stderr,
        List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-Dorg.slf4j.simpleLogger.logFile=" + log,
            "-Djitrl.openai.apiKey=" + SECRET, "-Dhost.openai.token=" + SECRET),
        Map.of("JITRL_OPENAI_APIKEY", SECRET, "OPENAI_API_KEY", SECRET),
        memory.toString(), export.toString(), SECRET);
    assertEquals(0, child.await(120_000), () -> read(stderr));
    List<String> out = child.lines();
    assertTrue(out.contains("done"), () -> out + read(stderr));
    assertTrue(Files.size(log) > 0 && Files.size(export) > 0, "the run logged and exported");
    assertTrue(read(log).contains("DEBUG"), "every level was captured");
    assertTrue(out.stream().anyMatch(l -> l.startsWith("config error invalid configuration jitrl.beta=***")), out::toString);

    SecretScanner scanner = new SecretScanner(SECRET);
    Files.writeString(dir.resolve("stdout.txt"), String.join("\n", out));
    List<String> hits = scanner.hits(dir);
    Figures.write("secrets", "scanned=" + fileCount() + " files (log, stdout, stderr, memory + wal/shm, export) hits="
        + hits.size());
    assertEquals(List.of(), hits);
  }

  @Test
  void scanner_secretWrittenInAnyForm_found() throws Exception {
    SecretScanner scanner = new SecretScanner(SECRET);
    Files.writeString(dir.resolve("a.log"), "INFO calling with key " + SECRET + "\n");
    Files.writeString(dir.resolve("b.json"), "{\"k\":\"" + java.util.Base64.getEncoder().encodeToString(SECRET.getBytes()) + "\"}");
    Files.writeString(dir.resolve("c.txt"), "nothing here");
    assertEquals(2, scanner.hits(dir).size());
    assertFalse(scanner.in("sk-test-5ecr3t"));
  }

  @Test
  void configurationException_secretLookingKeys_valueMaskedOthersShown() {
    for (String key : List.of("jitrl.openai.apiKey", "OPENAI_API_KEY", "host.llm.token", "db.password", "x.SECRET")) {
      String m = new ConfigurationException(key, SECRET, "anything").getMessage();
      assertFalse(m.contains(SECRET), m);
      assertTrue(m.contains(key) && m.contains("masked"), m);
    }
    assertTrue(new ConfigurationException("jitrl.beta", "7e9", "[0, 100]").getMessage().contains("jitrl.beta=7e9"));
    assertTrue(new ConfigurationException("jitrl.memory.path", "/home/me/.jitrl/memory-2026-01-01.sqlite", "a path")
        .getMessage().contains("/home/me/.jitrl/memory-2026-01-01.sqlite"), "paths stay readable");
    assertFalse(new ConfigurationException("jitrl.beta", SECRET, "[0, 100]").getMessage().contains(SECRET),
        "a credential typed into the wrong key is masked too");
  }

  private long fileCount() throws java.io.IOException {
    try (var s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
