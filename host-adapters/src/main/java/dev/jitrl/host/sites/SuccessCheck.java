package dev.jitrl.host.sites;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitrl.api.Outcome;
import java.math.BigDecimal;
import java.net.URI;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task's success condition, parsed from the task file's {@code successCheck} object, e.g.
 * {@code {"type":"orderStatus","order":1042,"status":"shipped"}}. Every check reads the server's state or the
 * final page; only {@link AnswerEquals} looks at the agent's answer, and compares it with the server's value.
 */
sealed interface SuccessCheck {
  ObjectMapper JSON = new ObjectMapper();

  /** The three apps' state, read under the server's lock. */
  record Sites(ShopState shop, AdminState admin, ForumState forum) {}

  /** Where the episode ended. */
  record FinalPage(String url, String text, Optional<String> answer) {}

  Outcome evaluate(Sites sites, FinalPage page);

  /** The shop's cart holds at least {@code minQuantity} of a product. */
  record CartContains(int product, int minQuantity) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      String name = sites.shop().product(product).map(ShopState.Product::name).orElse("product " + product);
      int quantity = sites.shop().quantityInCart(product);
      String reason = "cart holds " + quantity + " \u00d7 " + name + " (needs at least " + minQuantity + ")";
      return quantity >= minQuantity ? Outcome.success(reason) : Outcome.failure(reason);
    }
  }

  /** The shop's cart does not hold a product. */
  record CartLacks(int product) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      String name = sites.shop().product(product).map(ShopState.Product::name).orElse("product " + product);
      int quantity = sites.shop().quantityInCart(product);
      return quantity == 0
          ? Outcome.success("cart holds no " + name)
          : Outcome.failure("cart still holds " + quantity + " \u00d7 " + name);
    }
  }

  /** A shop order containing the product was placed (checkout confirmed) since the last reset. */
  record ShopOrderPlaced(int product) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      String name = sites.shop().product(product).map(ShopState.Product::name).orElse("product " + product);
      return sites.shop().orders().stream().filter(o -> o.items().containsKey(product)).findFirst()
          .map(o -> Outcome.success("shop order " + o.number() + " was placed with " + name))
          .orElseGet(() -> Outcome.failure("no shop order with " + name + " was placed ("
              + sites.shop().orders().size() + " order(s) placed)"));
    }
  }

  /** A back-office order has the given status. */
  record OrderStatus(int order, String status) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      return sites.admin().order(order).map(o -> {
        String reason = "order " + order + " status is '" + o.status() + "' (wanted '" + status + "')";
        return o.status().equals(status) ? Outcome.success(reason) : Outcome.failure(reason);
      }).orElseGet(() -> Outcome.failure("order " + order + " does not exist"));
    }
  }

  /** A back-office customer account no longer exists. */
  record CustomerDeleted(int customer) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      String name = sites.admin().customer(customer).map(AdminState.Customer::name).orElse("customer " + customer);
      return sites.admin().customerExists(customer)
          ? Outcome.failure("customer " + name + " still exists")
          : Outcome.success("customer " + name + " was deleted");
    }
  }

  /** The signed-in forum member replied in a thread with a text containing {@code contains} (any case). */
  record ReplyPosted(int thread, String contains) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      List<ForumState.Post> replies = sites.forum().newRepliesBy(ForumState.ME, thread);
      String needle = contains.toLowerCase(Locale.ROOT);
      boolean found = replies.stream().anyMatch(p -> p.body().toLowerCase(Locale.ROOT).contains(needle));
      String where = "thread " + thread;
      if (found) {
        return Outcome.success(ForumState.ME + " replied in " + where + " mentioning '" + contains + "'");
      }
      return Outcome.failure(replies.isEmpty()
          ? "no reply by " + ForumState.ME + " in " + where
          : ForumState.ME + "'s reply in " + where + " does not mention '" + contains + "'");
    }
  }

  /** The signed-in member started a thread in a forum whose title contains {@code titleContains} (any case). */
  record ThreadCreated(String forum, String titleContains) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      String needle = titleContains.toLowerCase(Locale.ROOT);
      List<ForumState.ForumThread> created = sites.forum().newThreads();
      return created.stream()
          .filter(t -> t.forum().equals(forum) && t.title().toLowerCase(Locale.ROOT).contains(needle))
          .findFirst()
          .map(t -> Outcome.success("thread '" + t.title() + "' exists in forum " + forum))
          .orElseGet(() -> Outcome.failure("no new thread in forum " + forum + " has a title containing '"
              + titleContains + "' (" + created.size() + " new thread(s) in all)"));
    }
  }

  /** The episode ended on a page whose URL path is {@code path} and whose text contains {@code text}. */
  record PageShows(String path, String text) implements SuccessCheck {
    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      String actual;
      try {
        actual = Optional.ofNullable(URI.create(page.url().strip()).getPath()).orElse("");
      } catch (IllegalArgumentException e) {
        return Outcome.failure("final URL '" + page.url() + "' is not a URL");
      }
      if (actual.length() > 1 && actual.endsWith("/")) {
        actual = actual.substring(0, actual.length() - 1);
      }
      if (!actual.equals(path)) {
        return Outcome.failure("final page is " + actual + ", not " + path);
      }
      if (!page.text().toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
        return Outcome.failure("final page " + path + " does not show '" + text + "'");
      }
      return Outcome.success("final page is " + path + (text.isEmpty() ? "" : " showing '" + text + "'"));
    }
  }

  /**
   * The agent's answer equals a value the server holds. Numbers compare by value (the first number in the
   * answer, ignoring a currency sign and thousands separators: "$27.40" equals "27.4"); names compare
   * ignoring case, punctuation and spacing.
   */
  record AnswerEquals(String fact, Map<String, String> params) implements SuccessCheck {
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?");

    public AnswerEquals {
      params = Map.copyOf(params);
    }

    /** The true value, as text, and what it is ("the price of Wool Socks"). */
    private record Truth(String what, String value, boolean numeric) {}

    private Truth truth(Sites sites) {
      return switch (fact) {
        case "shop.productPrice" -> {
          ShopState.Product p = sites.shop().product(intParam("product")).orElseThrow(
              () -> new IllegalArgumentException("unknown product " + params.get("product")));
          yield new Truth("the price of " + p.name(), HtmlPage.money(p.priceCents()), true);
        }
        case "admin.monthlyRevenue" -> {
          YearMonth month = YearMonth.parse(param("month"));
          yield new Truth("the revenue of " + month, HtmlPage.money(sites.admin().monthlyRevenueCents(month)), true);
        }
        case "admin.topCustomer" -> new Truth("the top customer by spend",
            sites.admin().topCustomers().get(0).getKey().name(), false);
        case "forum.postCount" -> new Truth("the post count of " + param("user"),
            String.valueOf(sites.forum().postCount(param("user")).orElseThrow(
                () -> new IllegalArgumentException("unknown forum user " + params.get("user")))), true);
        default -> throw new IllegalArgumentException("unknown fact '" + fact + "'; known: shop.productPrice,"
            + " admin.monthlyRevenue, admin.topCustomer, forum.postCount");
      };
    }

    private String param(String name) {
      String value = params.get(name);
      if (value == null) {
        throw new IllegalArgumentException("fact " + fact + " needs parameter '" + name + "'");
      }
      return value;
    }

    private int intParam(String name) {
      return Integer.parseInt(param(name));
    }

    /** Fails fast on a bad task file: resolves the fact once against fresh apps. */
    void validate() {
      truth(new Sites(new ShopState(), new AdminState(), new ForumState()));
    }

    @Override
    public Outcome evaluate(Sites sites, FinalPage page) {
      Truth truth = truth(sites);
      if (page.answer().isEmpty() || page.answer().get().isBlank()) {
        return Outcome.failure("no answer given for " + truth.what() + " (" + truth.value() + ")");
      }
      String answer = page.answer().get().strip();
      boolean equal = truth.numeric() ? numberOf(answer).map(n -> n.compareTo(numberOf(truth.value()).orElseThrow()) == 0)
          .orElse(false) : normalized(answer).equals(normalized(truth.value()));
      String reason = "answer '" + answer + "' " + (equal ? "equals " : "does not equal ") + truth.what() + " ("
          + truth.value() + ")";
      return equal ? Outcome.success(reason) : Outcome.failure(reason);
    }

    private static Optional<BigDecimal> numberOf(String text) {
      Matcher m = NUMBER.matcher(text);
      return m.find() ? Optional.of(new BigDecimal(m.group().replace(",", ""))) : Optional.empty();
    }

    private static String normalized(String text) {
      return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
  }

  /** Parses a check from its JSON text; throws {@link IllegalArgumentException} naming what is wrong. */
  static SuccessCheck parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("successCheck is not JSON: " + json, e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("successCheck must be a JSON object: " + json);
    }
    String type = text(node, "type");
    SuccessCheck check = switch (type) {
      case "cartContains" -> new CartContains(integer(node, "product"),
          node.has("minQuantity") ? integer(node, "minQuantity") : 1);
      case "cartLacks" -> new CartLacks(integer(node, "product"));
      case "shopOrderPlaced" -> new ShopOrderPlaced(integer(node, "product"));
      case "orderStatus" -> {
        String status = text(node, "status");
        if (!AdminState.STATUSES.contains(status)) {
          throw new IllegalArgumentException("unknown order status '" + status + "'; known: " + AdminState.STATUSES);
        }
        yield new OrderStatus(integer(node, "order"), status);
      }
      case "customerDeleted" -> new CustomerDeleted(integer(node, "customer"));
      case "replyPosted" -> new ReplyPosted(integer(node, "thread"), text(node, "contains"));
      case "threadCreated" -> new ThreadCreated(text(node, "forum"), text(node, "titleContains"));
      case "pageShows" -> new PageShows(text(node, "path"), node.has("text") ? node.get("text").asText() : "");
      case "answerEquals" -> {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (!field.getKey().equals("type") && !field.getKey().equals("fact")) {
            params.put(field.getKey(), field.getValue().asText());
          }
        }
        AnswerEquals answer = new AnswerEquals(text(node, "fact"), params);
        answer.validate();
        yield answer;
      }
      default -> throw new IllegalArgumentException("unknown successCheck type '" + type + "'; known: cartContains,"
          + " cartLacks, shopOrderPlaced, orderStatus, customerDeleted, replyPosted, threadCreated, pageShows,"
          + " answerEquals");
    };
    return check;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isValueNode() || value.asText().isBlank()) {
      throw new IllegalArgumentException("successCheck needs a non-blank '" + field + "': " + node);
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt() && !value.asText().matches("\\d+")) {
      throw new IllegalArgumentException("successCheck needs an integer '" + field + "': " + node);
    }
    return value.canConvertToInt() ? value.asInt() : Integer.parseInt(value.asText());
  }
}
