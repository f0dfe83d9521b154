package dev.jitrl.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key and typed passwords through a full {@code jitrl bench}, as a user runs it: a separate JVM runs the
 * CLI with the OpenAI-compatible policy ({@code --policy openai}) against an OpenAI-style chat-completions endpoint
 * on 127.0.0.1 started by this test, with the LLM judge on the same endpoint, the plugin zip, Chromium and two
 * MiniWoB logins (the goal names a password that the agent types). The key is in the configuration file, in system
 * properties and in the environment (the variable the host reads it from, and a {@code JITRL_*} one that the host
 * merges into the plugins' configuration). Then {@code jitrl memory export}. Every file the runs wrote — the log
 * at info level, standard output, {@code results.json}, {@code report.html}, the memory with its {@code -wal} and
 * {@code -shm}, the export — is scanned for the key (as written, URL-encoded, JSON-escaped and in base64) and for
 * the passwords. The endpoint checks that the key was really used: every request carried it.
 */
class OpenAiBenchSecretsIT {
  private static final String KEY = "sk-itest-9fQ2xLr7VbN4kT8mWz3HcJ6pYd1sAe5G";
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

  @TempDir Path dir;

  @Test
  void bench_openAiPolicyAndLlmJudgeWithKeyInConfigPropertiesAndEnvironment_keyAndPasswordsWrittenNowhere()
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    AtomicInteger policyCalls = new AtomicInteger();
    AtomicInteger judgeCalls = new AtomicInteger();
    Set<String> authorizations = ConcurrentHashMap.newKeySet();
    Set<String> goals = ConcurrentHashMap.newKeySet();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      try (exchange) {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        JsonNode body = json.readTree(exchange.getRequestBody());
        String system = body.path("messages").path(0).path("content").asText();
        String user = body.path("messages").path(1).path("content").asText();
        goals.add(goalIn(user));
        ObjectNode reply = json.createObjectNode();
        ObjectNode choice = reply.putArray("choices").addObject();
        if (system.contains("evaluator")) {
          judgeCalls.incrementAndGet();
          choice.putObject("message").put("role", "assistant").put("content", "{\"score\": 0}");
        } else {
          // the policy: option 1 (the host lists its candidates by its own lexical ranking, which logs in)
          policyCalls.incrementAndGet();
          choice.putObject("message").put("role", "assistant").put("content", "1");
          ObjectNode token = choice.putObject("logprobs").putArray("content").addObject();
          token.put("token", "1").put("logprob", -0.05);
          token.putArray("top_logprobs").addObject().put("token", "2").put("logprob", -3.0);
        }
        reply.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 1);
        send(exchange, json.writeValueAsBytes(reply));
      }
    });
    server.start();
    try {
      Path plugins = PluginArchive.installInto(dir);
      Path memory = dir.resolve("memory.sqlite");
      Path out = dir.resolve("report");
      Path config = dir.resolve("jitrl.properties");
      Files.writeString(config, String.join("\n",
          "jitrl.openai.baseUrl=http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
          "jitrl.openai.model=fake-chat",
          "jitrl.openai.maxRetries=0",
          "jitrl.openai.apiKey=" + KEY, // read by nothing: it must not be echoed either
          "jitrl.judge=llm", ""));
      Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "JITRL_OPENAI_APIKEY", KEY);
      List<String> props = List.of("-Djitrl.openai.apiKey=" + KEY, "-Dhost.openai.token=" + KEY);
      int bench = jitrl(env, props, dir.resolve("bench"), "bench", "--verbose", "--suite", "miniwob", "--tasks",
          "login-user", "--seeds", "4,6", "--episodes", "2", "--policy", "openai", "--plugins", plugins.toString(),
          "--config", config.toString(), "--memory", memory.toString(), "--out", out.toString());
      assertEquals(0, bench, () -> tail(dir.resolve("bench.err")));
      int export = jitrl(env, props, dir.resolve("export"), "memory", "export", "--verbose", "--plugins",
          plugins.toString(), "--config", config.toString(), "--memory", memory.toString(), "--out",
          dir.resolve("export.jsonl").toString());
      assertEquals(0, export, () -> tail(dir.resolve("export.err")));

      // the secrets were really handled: the key went with every request, both the policy and the judge ran
      assertEquals(Set.of("Bearer " + KEY), authorizations, "every request carried the key");
      assertTrue(policyCalls.get() > 0 && judgeCalls.get() > 0,
          "policy calls " + policyCalls + ", judge calls " + judgeCalls);
      List<String> passwords = new ArrayList<>();
      for (String goal : goals) {
        Matcher m = QUOTED.matcher(goal);
        List<String> quoted = new ArrayList<>();
        while (m.find()) {
          quoted.add(m.group(1));
        }
        if (quoted.size() == 2) {
          passwords.add(quoted.get(1));
        }
      }
      assertEquals(2, new LinkedHashSet<>(passwords).size(), "two logins, two passwords: " + goals);
      String results = Files.readString(out.resolve("results.json"));
      assertTrue(Files.exists(out.resolve("report.html")));
      assertTrue(results.contains("login-user"), results.length() + " characters of results");
      String exported = Files.readString(dir.resolve("export.jsonl"));
      assertTrue(exported.contains("{goal.q2}"), "the typed password is stored as a reference to the goal");
      assertTrue(Files.size(dir.resolve("bench.err")) > 0, "the run logged something to scan");

      List<Path> scanned;
      try (Stream<Path> files = Files.walk(dir)) {
        scanned = files.filter(Files::isRegularFile).filter(p -> !p.startsWith(plugins)).toList();
      }
      assertTrue(scanned.stream().anyMatch(p -> p.getFileName().toString().startsWith("memory.sqlite")));
      List<String> hits = new ArrayList<>();
      for (Path p : scanned) {
        if (p.equals(config)) {
          continue; // where the user put it
        }
        byte[] bytes = Files.readAllBytes(p);
        for (String form : forms(KEY)) {
          if (contains(bytes, form)) {
            hits.add("key in " + dir.relativize(p));
          }
        }
        for (String password : passwords) {
          if (contains(bytes, password)) {
            hits.add("password '" + password.charAt(0) + "…' in " + dir.relativize(p));
          }
        }
      }
      Path figures = Files.createDirectories(Path.of("target", "reliability"));
      Files.writeString(figures.resolve("OpenAiBenchSecretsIT.txt"), "files scanned " + scanned.size() + " "
          + scanned.stream().map(p -> dir.relativize(p).toString()).toList() + ", policy calls " + policyCalls
          + ", judge calls " + judgeCalls + ", passwords " + passwords.size() + ", hits " + hits + "\n");
      assertEquals(List.of(), hits);
    } finally {
      server.stop(0);
    }
  }

  /** The goal line of a policy or judge prompt (what the fake endpoint learns the passwords from). */
  private static String goalIn(String user) {
    for (String line : user.split("\n")) {
      if (line.contains("password")) {
        int at = line.indexOf("Enter");
        return at >= 0 ? line.substring(at) : line;
      }
    }
    return "";
  }

  /** The key as written, URL-encoded, JSON-escaped (the same here) and in base64, in UTF-8 and UTF-16LE. */
  private static List<String> forms(String secret) {
    return List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
        Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
        Base64.getEncoder().encodeToString(("Bearer " + secret).getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean contains(byte[] hay, String needle) {
    for (byte[] n : List.of(needle.getBytes(StandardCharsets.UTF_8), needle.getBytes(StandardCharsets.UTF_16LE))) {
      outer:
      for (int i = 0; i + n.length <= hay.length; i++) {
        for (int j = 0; j < n.length; j++) {
          if (hay[i + j] != n[j]) {
            continue outer;
          }
        }
        return true;
      }
    }
    return false;
  }

  private static void send(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Runs the CLI ({@code JitrlCommand}) in a JVM of its own; stdout and stderr go to {@code <name>.out/.err}. */
  private static int jitrl(Map<String, String> env, List<String> props, Path name, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(props);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jitrl.host.cli.JitrlCommand"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(Path.of(name + ".out").toFile()).redirectError(Path.of(name + ".err").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("jitrl " + String.join(" ", args) + " did not end within 10 minutes");
    }
    return p.exitValue();
  }

  private static String tail(Path file) {
    try {
      String s = Files.readString(file);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return e.toString();
    }
  }
}
