package dev.jitrl.plugin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ConfigurationException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServerMemoryConfigTest {
  private static JitRlConfig load(Map<String, String> host) {
    return new ConfigLoader(host, new Properties(), Map.of()).load();
  }

  @Test
  void load_noUrl_sqliteStaysTheDefault() {
    JitRlConfig c = load(Map.of());
    assertFalse(c.memoryServer().enabled());
    assertEquals("JITRL_PG_USER", c.memoryServer().userEnv());
    assertEquals("JITRL_PG_PASSWORD", c.memoryServer().passwordEnv());
    assertEquals(1000, c.memoryServer().catchUpMillis());
  }

  @Test
  void load_urlAndVariableNames_used() {
    JitRlConfig c = load(Map.of("jitrl.memory.url", "jdbc:postgresql://db.example:5433/jitrl?sslmode=require",
        "jitrl.memory.userEnv", "FLEET_USER", "jitrl.memory.passwordEnv", "FLEET_PW", "jitrl.memory.catchUpMillis", "250"));
    assertTrue(c.memoryServer().enabled());
    assertEquals("jdbc:postgresql://db.example:5433/jitrl?sslmode=require", c.memoryServer().url());
    assertEquals("FLEET_USER", c.memoryServer().userEnv());
    assertEquals("FLEET_PW", c.memoryServer().passwordEnv());
    assertEquals(250, c.memoryServer().catchUpMillis());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://fleet:S3cretPw@db:5432/jitrl", "jdbc:postgresql://db:5432/jitrl?user=a&password=S3cretPw"})
  void load_passwordInTheUrl_refusedWithoutShowingIt(String url) {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(Map.of("jitrl.memory.url", url)));
    assertTrue(e.getMessage().contains("jitrl.memory.url"), e.getMessage());
    assertFalse(e.getMessage().contains("S3cretPw"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgres://db/jitrl", "jdbc:postgresql://db", "jdbc:mysql://db/x", "jdbc:postgresql:///x"})
  void load_notAPostgresUrl_refused(String url) {
    assertThrows(ConfigurationException.class, () -> load(Map.of("jitrl.memory.url", url)));
  }

  @Test
  void load_badVariableNameOrPeriod_refusedNamingTheKey() {
    assertTrue(assertThrows(ConfigurationException.class, () -> load(Map.of("jitrl.memory.userEnv", "A B")))
        .getMessage().contains("jitrl.memory.userEnv"));
    assertTrue(assertThrows(ConfigurationException.class, () -> load(Map.of("jitrl.memory.catchUpMillis", "10")))
        .getMessage().contains("jitrl.memory.catchUpMillis"));
  }
}
