package dev.jitrl.host.model;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** Local OpenAI-compatible endpoints for tests outside this package. */
public final class ModelServers {
  public static final String SECRET = OpenAiCompatibleModelTest.SECRET;

  private ModelServers() {}

  /** A chat-completions reply in the public servers' format. */
  public static String reply(String contentJson, String logprobsJson) {
    return OpenAiCompatibleModelTest.reply(contentJson, logprobsJson);
  }

  /** An endpoint that answers every request the same way. */
  public static Running fixed(int status, String body, long delayMillis) throws IOException {
    return new Running(new ChatServer(b -> new ChatServer.Reply(status, body, delayMillis)));
  }

  /** A running endpoint; closing stops it. */
  public static final class Running implements AutoCloseable {
    private final ChatServer server;

    Running(ChatServer server) {
      this.server = server;
    }

    public OpenAiCompatibleModel model(Duration timeout, int retries) {
      return OpenAiCompatibleModel.create(new OpenAiSettings(server.baseUrl(), "test-model",
          OpenAiCompatibleModelTest.KEY_ENV, timeout, retries, Duration.ofMillis(10)),
          Map.of(OpenAiCompatibleModelTest.KEY_ENV, SECRET));
    }

    public java.net.URI baseUrl() {
      return server.baseUrl();
    }

    public int requests() {
      return server.requests.size();
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
