package dev.jitrl.plugin.state;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlRegularizerTest {
  private final UrlRegularizer plain = new UrlRegularizer(Map.of(), 100);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # WebArena-like admin (Magento): order ids and the admin secret key
      http://localhost:7780/admin/sales/order/view/order_id/307/                              | localhost:7780/admin/sales/order/view/order_id/{id}
      http://localhost:7780/admin/sales/order/view/order_id/12/key/8f3a09c1d2e4b5a6978877665544332211ffeeddccbbaa00998877665544332211/ | localhost:7780/admin/sales/order/view/order_id/{id}/key/{token}
      http://localhost:7780/admin/catalog/product/edit/id/1492/                               | localhost:7780/admin/catalog/product/edit/id/{id}
      http://localhost:7780/admin/sales/order/?limit=200&page=3                                | localhost:7780/admin/sales/order?limit&page
      # shop: product slugs are kept, numeric ids become {id}
      http://localhost:7770/sony-playstation-4-pro-1tb-console.html                            | localhost:7770/sony-playstation-4-pro-1tb-console.html
      http://localhost:7770/catalog/product/view/id/4821                                       | localhost:7770/catalog/product/view/id/{id}
      http://localhost:7770/catalogsearch/result/?q=usb+cable                                  | localhost:7770/catalogsearch/result?q
      http://localhost:7770/checkout/cart/                                                     | localhost:7770/checkout/cart
      # forum (Postmill): forum names, ids and lower-case slugs
      http://localhost:9999/f/AskReddit/118232/what-is-the-best-advice-you-ever-got            | localhost:9999/f/AskReddit/{id}/what-is-the-best-advice-you-ever-got
      http://localhost:9999/f/gaming/2024/best-games-of-2023-thread                            | localhost:9999/f/gaming/{id}/best-games-of-2023-thread
      http://localhost:9999/user/MarvelsGrantMan136                                            | localhost:9999/user/{token}
      # gitlab: project names with digits stay
      http://localhost:8023/byteblaze/a11y-syntax-highlighting/-/issues/3                      | localhost:8023/byteblaze/a11y-syntax-highlighting/-/issues/{id}
      # id-like segments
      https://shop.example/orders/123e4567-e89b-12d3-a456-426614174000/invoice                 | shop.example/orders/{token}/invoice
      https://shop.example/files/0123456789abcdef0123                                          | shop.example/files/{token}
      https://shop.example/s/dGhpcyBpcyBhIHRva2VuIQ==                                           | shop.example/s/{token}
      https://shop.example/s/aGVsbG8tb3JkZXI6NDI                                               | shop.example/s/{token}
      https://shop.example/reset/Zm9v_YmFy-YmF6cXV4MTIz                                        | shop.example/reset/{token}
      https://shop.example/cart/aB3dE5fG7hJ9kL                                                 | shop.example/cart/{token}
      # plain words, short codes and lower-case hex-looking words stay
      https://shop.example/internationalization/settings                                       | shop.example/internationalization/settings
      https://shop.example/deadbeefdeadbeef                                                    | shop.example/deadbeefdeadbeef
      https://shop.example/sku/AB12                                                            | shop.example/sku/AB12
      # query: values dropped, keys sorted and deduplicated, fragment dropped
      https://shop.example/search?sort=price&page=2&q=shirt                                    | shop.example/search?page&q&sort
      https://shop.example/search?q=a&q=b&flag                                                 | shop.example/search?flag&q
      https://shop.example/orders#top                                                          | shop.example/orders
      https://shop.example/orders/?page=1#section-2                                            | shop.example/orders?page
      # trailing slash, root, default ports, host case
      https://shop.example/orders/                                                             | shop.example/orders
      https://shop.example                                                                     | shop.example/
      https://shop.example/                                                                    | shop.example/
      http://shop.example:80/a                                                                 | shop.example/a
      https://shop.example:443/a                                                               | shop.example/a
      http://shop.example:443/a                                                                | shop.example:443/a
      https://shop.example:8443/a                                                              | shop.example:8443/a
      HTTP://Shop.EXAMPLE/Orders                                                               | shop.example/Orders
      """)
  void regularize_webArenaLikeUrls_collideByPageKind(String url, String expectedKey) {
    assertEquals(expectedKey, plain.regularize(url).key());
  }

  @Test
  void regularize_differentIdsAndQueryValues_sameKey() {
    assertEquals(plain.regularize("http://h/admin/order/view/1/?page=2&sort=asc#x"),
        plain.regularize("http://h/admin/order/view/99999/?sort=desc&page=7"));
  }

  @Test
  void regularize_differentPageKinds_differentKeys() {
    assertNotEquals(plain.regularize("http://h/orders/1").key(), plain.regularize("http://h/orders/1/edit").key());
    assertNotEquals(plain.regularize("http://h/orders?page=1").key(), plain.regularize("http://h/orders").key());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      http://localhost:7770/checkout/cart     | shopping/checkout/cart
      http://localhost:7780/admin/dashboard   | shopping_admin/admin/dashboard
      http://localhost:9999/f/gaming          | reddit/f/gaming
      http://LOCALHOST:9999/f/gaming          | reddit/f/gaming
      http://mirror.example:8080/f/gaming     | reddit/f/gaming
      http://mirror.example/f/gaming          | reddit/f/gaming
      https://mirror.example:443/f/gaming     | reddit/f/gaming
      http://localhost:1234/x                 | local/x
      http://other.example/x                  | other.example/x
      """)
  void regularize_siteAliases_hostPortWinsOverHost(String url, String expectedKey) {
    UrlRegularizer aliased = new UrlRegularizer(Map.of(
        "localhost:7770", "shopping",
        "localhost:7780", "shopping_admin",
        "localhost:9999", "reddit",
        "localhost", "local",
        "mirror.example", "reddit"), 100);
    assertEquals(expectedKey, aliased.regularize(url).key());
  }

  @Test
  void regularize_aboutBlank_opaquePatternUnderItsScheme() {
    UrlPattern p = plain.regularize("about:blank");
    assertEquals("about:", p.site());
    assertEquals("blank", p.pattern());
  }

  @Test
  void regularize_longOpaqueUrl_boundedPattern() {
    UrlPattern p = plain.regularize("data:text/html," + "x".repeat(10_000));
    assertEquals("data:", p.site());
    assertEquals(40, p.pattern().length());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://exa mple.com/a b", "http://[::1/broken", "not a url at all %%%", "%", "::::", "http://", "",
      "javascript:void(0)", "http://host/a%zz/b", "  http://host/padded/12  "})
  void regularize_unparseableOrOddUrl_doesNotThrow(String url) {
    UrlPattern p = assertDoesNotThrow(() -> plain.regularize(url));
    assertEquals(p, plain.regularize(url), "deterministic");
  }

  @Test
  void regularize_unparseableUrl_stillRegularizesPathUnderUnknownSite() {
    UrlPattern p = plain.regularize("http://exa mple.com/orders/42?x=1#frag");
    assertEquals("?", p.site());
    assertEquals("/http:/exa mple.com/orders/{id}", p.pattern());
  }

  @Test
  void regularize_null_doesNotThrow() {
    assertEquals("?", plain.regularize(null).site());
  }

  @Test
  void regularize_manyDistinctUrls_cacheBoundedAndResultsStable() {
    UrlRegularizer small = new UrlRegularizer(Map.of(), 16);
    for (int i = 0; i < 1000; i++) {
      assertEquals("h/orders/{id}", small.regularize("http://h/orders/" + i).key());
    }
  }
}
