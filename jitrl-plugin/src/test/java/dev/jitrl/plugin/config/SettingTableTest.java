package dev.jitrl.plugin.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jitrl.api.ConfigurationException;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link Setting} table against the builder, the record's own checks and the README. */
class SettingTableTest {

  @Test
  void readme_configurationTable_sameAsSettingTable() throws IOException {
    List<String> lines = Files.readAllLines(readme());
    int start = lines.indexOf("| key | default | allowed | meaning |");
    assertTrue(start >= 0, "README.md has no configuration table");
    StringBuilder table = new StringBuilder();
    for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      table.append(lines.get(i)).append('\n');
    }
    // On a difference, paste Setting.markdownTable() into README.md: the enum is the source.
    assertEquals(Setting.markdownTable(), table.toString());
  }

  @ParameterizedTest
  @EnumSource(Setting.class)
  void set_numericBounds_acceptedAndJustOutsideRefused(Setting s) {
    if (s.numericRange().isEmpty()) {
      return;
    }
    Range r = s.numericRange().orElseThrow();
    String min = plain(BigDecimal.valueOf(r.min()));
    String max = plain(BigDecimal.valueOf(r.max()));
    if (r.minExcluded()) {
      refused(s, min);
    } else {
      assertDoesNotThrow(() -> JitRlConfig.builder().set(s, min).build(), s.key() + "=" + min);
      refused(s, plain(BigDecimal.valueOf(r.min()).subtract(BigDecimal.ONE)));
    }
    assertDoesNotThrow(() -> JitRlConfig.builder().set(s, max).build(), s.key() + "=" + max);
    refused(s, plain(BigDecimal.valueOf(r.max()).add(BigDecimal.ONE)));
    assertEquals(r.toString(), s.allowed());
  }

  private static void refused(Setting s, String value) {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> JitRlConfig.builder().set(s, value),
        s.key() + "=" + value);
    assertEquals(s.key(), e.key());
    assertTrue(e.getMessage().contains(s.key() + "=" + value + ":"), e.getMessage());
  }

  @Test
  void constructor_negativeBeta_refusedNamingKey() {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> withComponent("beta", -5.0));
    assertEquals("jitrl.beta", e.key());
    assertTrue(e.getMessage().contains("[0, 100]"), e.getMessage());
  }

  /** Every number of the record, made impossible, is refused by the record itself, not only by the builder. */
  @Test
  void constructor_anyNumberOutOfRange_refused() {
    Set<String> unbounded = Set.of("seed");
    List<String> checked = new ArrayList<>();
    for (RecordComponent c : JitRlConfig.class.getRecordComponents()) {
      Object impossible = c.getType() == double.class ? (Object) Double.NaN
          : c.getType() == int.class ? (Object) Integer.MIN_VALUE
          : c.getType() == long.class ? (Object) Long.MIN_VALUE : null;
      if (impossible == null || unbounded.contains(c.getName())) {
        continue;
      }
      assertThrows(ConfigurationException.class, () -> withComponent(c.getName(), impossible), c.getName());
      checked.add(c.getName());
    }
    assertEquals(15, checked.size(), checked.toString());
  }

  @Test
  void replaySettingsAndServerMemory_outOfRange_refusedByTheRecords() {
    assertEquals("jitrl.replay.minMargin", assertThrows(ConfigurationException.class,
        () -> new ReplaySettings(true, 2, 1, -1, 0.8)).key());
    assertEquals("jitrl.memory.catchUpMillis", assertThrows(ConfigurationException.class,
        () -> new ServerMemory("", "U", "P", Path.of("o.sqlite"), 10)).key());
    assertEquals("jitrl.memory.passwordEnv", assertThrows(ConfigurationException.class,
        () -> new ServerMemory("", "U", "not a name", Path.of("o.sqlite"), 1000)).key());
    assertEquals("jitrl.memory.url", assertThrows(ConfigurationException.class,
        () -> new ServerMemory("jdbc:postgresql://u:secret@db/x", "U", "P", Path.of("o.sqlite"), 1000)).key());
  }

  /** The defaults with one record component replaced, through the public canonical constructor. */
  private static JitRlConfig withComponent(String name, Object value) {
    JitRlConfig base = JitRlConfig.defaults(Path.of("m.sqlite"));
    RecordComponent[] components = JitRlConfig.class.getRecordComponents();
    Object[] args = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        args[i] = components[i].getName().equals(name) ? value : components[i].getAccessor().invoke(base);
      }
      Constructor<JitRlConfig> constructor = JitRlConfig.class.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  private static Path readme() {
    // Surefire runs in the module folder; the README is the project's, one level up.
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("README.md");
      if (Files.exists(dir.resolve("jitrl-plugin")) && Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("README.md not found above " + Path.of("").toAbsolutePath());
  }
}
