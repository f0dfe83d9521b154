package dev.jitrl.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.ExtensionFactory;

/**
 * A PF4J {@link ExtensionFactory} that creates each extension class once and hands it the host's
 * {@link HostServices} through its constructor.
 *
 * <p>An extension class may declare a public constructor taking {@code HostServices} (preferred) or a public
 * no-argument constructor. Because instances are cached per class, one class that implements several
 * extension points (for example {@link ActionSelectionExtension} and {@link EpisodeListener}) is one shared
 * instance. Hosts install it with {@code new DefaultPluginManager(dir) { protected ExtensionFactory
 * createExtensionFactory() { return factory; } }} and call {@link #close()} when they shut down, which closes
 * every created extension that is {@link AutoCloseable}.
 *
 * <p>If a constructor throws (for example a {@link ConfigurationException}), that exception is rethrown
 * unwrapped so that the host can report it at start.
 */
public final class HostServicesExtensionFactory implements ExtensionFactory, AutoCloseable {
  private final HostServices services;
  private final Map<Class<?>, Object> instances = new ConcurrentHashMap<>();

  public HostServicesExtensionFactory(HostServices services) {
    this.services = Checks.notNull(services, "services");
  }

  @Override
  public <T> T create(Class<T> extensionClass) {
    Object instance = instances.computeIfAbsent(extensionClass, this::instantiate);
    return extensionClass.cast(instance);
  }

  private Object instantiate(Class<?> type) {
    try {
      Constructor<?> withServices = findConstructor(type, HostServices.class);
      if (withServices != null) {
        return withServices.newInstance(services);
      }
      Constructor<?> plain = findConstructor(type);
      if (plain != null) {
        return plain.newInstance();
      }
      throw new JitRlException(
          "extension " + type.getName() + " needs a public constructor taking HostServices or no arguments");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new JitRlException("cannot create extension " + type.getName() + ": " + cause, cause);
    } catch (ReflectiveOperationException e) {
      throw new JitRlException("cannot create extension " + type.getName() + ": " + e, e);
    }
  }

  private static Constructor<?> findConstructor(Class<?> type, Class<?>... params) {
    try {
      return type.getConstructor(params);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Closes every created extension that is {@link AutoCloseable}; the first failure is rethrown. */
  @Override
  public void close() {
    List<Object> created = new ArrayList<>(instances.values());
    instances.clear();
    RuntimeException first = null;
    for (Object o : created) {
      if (o instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          if (first == null) {
            first = new JitRlException("closing extension " + o.getClass().getName() + " failed: " + e, e);
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
