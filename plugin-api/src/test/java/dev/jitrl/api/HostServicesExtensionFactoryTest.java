package dev.jitrl.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HostServicesExtensionFactoryTest {
  /** An extension that wants the host's services and must be closed. */
  public static final class WithServices implements AutoCloseable {
    final HostServices services;
    boolean closed;

    public WithServices(HostServices services) {
      this.services = services;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** An extension with only a no-argument constructor. */
  public static final class Plain {}

  /** An extension whose configuration is bad. */
  public static final class BadConfig {
    public BadConfig(HostServices services) {
      throw new ConfigurationException("jitrl.beta", services.configuration().get("jitrl.beta"), "[0, 100]");
    }
  }

  /** An extension the factory cannot build. */
  public static final class NoUsableConstructor {
    public NoUsableConstructor(String s) {}
  }

  private final HostServices services = HostServices.of(Map.of("jitrl.beta", "-1"));

  @Test
  void create_constructorTakesHostServices_servicesPassedAndOneInstancePerClass() {
    HostServicesExtensionFactory f = new HostServicesExtensionFactory(services);
    WithServices a = f.create(WithServices.class);
    assertSame(services, a.services);
    assertSame(a, f.create(WithServices.class), "one class implementing several extension points is one instance");
    assertEquals(Plain.class, f.create(Plain.class).getClass());
  }

  @Test
  void create_constructorThrowsConfigurationException_rethrownUnwrapped() {
    HostServicesExtensionFactory f = new HostServicesExtensionFactory(services);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> f.create(BadConfig.class));
    assertEquals("jitrl.beta", e.key());
    assertTrue(e.getMessage().contains("jitrl.beta=-1"), e.getMessage());
  }

  @Test
  void create_noUsableConstructor_clearError() {
    HostServicesExtensionFactory f = new HostServicesExtensionFactory(services);
    JitRlException e = assertThrows(JitRlException.class, () -> f.create(NoUsableConstructor.class));
    assertTrue(e.getMessage().contains("needs a public constructor"), e.getMessage());
  }

  @Test
  void close_closesEveryCreatedAutoCloseable() {
    HostServicesExtensionFactory f = new HostServicesExtensionFactory(services);
    WithServices a = f.create(WithServices.class);
    f.close();
    assertTrue(a.closed);
  }
}
