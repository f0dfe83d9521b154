package dev.jitrl.plugin.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link PostgresServer} as a parameter ({@code @ExtendWith(PostgresExtension.class)}).
 * One server serves every test class of the run: it is started at the first request and stopped when JUnit
 * closes its root store at the end of the run (starting a cluster costs about two seconds). Tests that stop the
 * server start their own {@link PostgresServer} instead.
 */
public final class PostgresExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NS)
        .getOrComputeIfAbsent("server", k -> new Shared(PostgresServer.launch()), Shared.class).server();
  }

  /** Closed by JUnit with the root store, at the end of the run. */
  private record Shared(PostgresServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }
}
