package dev.jitrl.host.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostConfigTest {

  @Test
  void load_fileEnvSystemAndOverrides_laterSourcesWinAndKeepTheFileSpelling(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("jitrl.properties");
    Files.writeString(file, "jitrl.memory.maxSteps=10\njitrl.beta=1.0\njitrl.k=8\nother=x\n");
    Properties sys = new Properties();
    sys.setProperty("jitrl.beta", "2.0");
    sys.setProperty("user.home", "/ignored");
    HostConfig c = HostConfig.load(Optional.of(file), Map.of("jitrl.k", "12"),
        Map.of("JITRL_MEMORY_MAXSTEPS", "99", "HOME", "/ignored"), sys);
    assertEquals(Map.of("jitrl.memory.maxSteps", "99", "jitrl.beta", "2.0", "jitrl.k", "12", "other", "x"), c.asMap());
  }

  @Test
  void load_missingNamedFile_failsNamingTheFile(@TempDir Path tmp) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> HostConfig.load(Optional.of(tmp.resolve("nope.properties")), Map.of(), Map.of(), new Properties()));
    assertTrue(e.getMessage().contains("nope.properties"), e.getMessage());
  }

  @Test
  void getInt_outOfRange_failsNamingKeyValueAndRange() {
    HostConfig c = HostConfig.of(Map.of("host.selection.budgetMillis", "0"));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> c.getInt("host.selection.budgetMillis", 2000, 1, 600_000));
    assertEquals("invalid configuration host.selection.budgetMillis=0: allowed an integer in [1, 600000]", e.getMessage());
  }
}
