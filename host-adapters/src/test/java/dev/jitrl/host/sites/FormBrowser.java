package dev.jitrl.host.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A minimal browser over {@link HttpClient} for tests: it follows links by their text and submits forms the way
 * a browser does (the form's own fields and defaults, the clicked button, redirects followed). Pages must be
 * well-formed, since they are parsed with an XML parser.
 */
final class FormBrowser {
  /** A loaded page. */
  record Page(URI uri, int status, String html, Document doc) {
    String text() {
      return doc.getDocumentElement().getElementsByTagName("body").item(0).getTextContent()
          .replaceAll("\\s+", " ").strip();
    }

    /** The text of the element with this id. */
    String textOf(String id) {
      Element e = find(doc, "*", el -> id.equals(el.getAttribute("id")));
      if (e == null) {
        fail("no element with id '" + id + "' on " + uri);
      }
      return normalized(e.getTextContent());
    }

    List<Element> elements(String tag) {
      NodeList list = doc.getElementsByTagName(tag);
      List<Element> out = new ArrayList<>();
      for (int i = 0; i < list.getLength(); i++) {
        out.add((Element) list.item(i));
      }
      return out;
    }
  }

  private final HttpClient client;
  private final String baseUrl;
  private Page current;

  FormBrowser(HttpClient client, String baseUrl) {
    this.client = client;
    this.baseUrl = baseUrl;
  }

  Page current() {
    return current;
  }

  /** Opens a path below the base URL and expects 200. */
  Page get(String path) {
    current = load(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    return current;
  }

  /** Follows the link whose text or aria-label is {@code name}. */
  Page click(String name) {
    Element link = find(current.doc(), "a", a -> name.equals(nameOf(a)));
    if (link == null) {
      fail("no link '" + name + "' on " + current.uri() + "; links: "
          + current.elements("a").stream().map(FormBrowser::nameOf).collect(Collectors.joining(" | ")));
    }
    current = load(HttpRequest.newBuilder(current.uri().resolve(link.getAttribute("href"))).GET().build());
    return current;
  }

  /**
   * Submits the form of the button named {@code button}, with {@code fields} set as a user would type or pick
   * them; a field that the form does not have, or a select value it does not offer, fails the test.
   */
  Page submit(String button, Map<String, String> fields) {
    Element btn = find(current.doc(), "button", b -> button.equals(nameOf(b)));
    if (btn == null) {
      fail("no button '" + button + "' on " + current.uri() + "; buttons: "
          + current.elements("button").stream().map(FormBrowser::nameOf).collect(Collectors.joining(" | ")));
    }
    Node n = btn.getParentNode();
    while (n != null && !(n instanceof Element e && e.getTagName().equals("form"))) {
      n = n.getParentNode();
    }
    if (n == null) {
      fail("button '" + button + "' is not inside a form on " + current.uri());
    }
    Element form = (Element) n;
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, List<String>> offered = new LinkedHashMap<>();
    NodeList inputs = form.getElementsByTagName("input");
    for (int i = 0; i < inputs.getLength(); i++) {
      Element in = (Element) inputs.item(i);
      String type = in.getAttribute("type");
      if ((type.equals("radio") || type.equals("checkbox")) && !in.hasAttribute("checked")) {
        continue;
      }
      values.put(in.getAttribute("name"), in.getAttribute("value"));
    }
    NodeList textareas = form.getElementsByTagName("textarea");
    for (int i = 0; i < textareas.getLength(); i++) {
      Element ta = (Element) textareas.item(i);
      values.put(ta.getAttribute("name"), ta.getTextContent());
    }
    NodeList selects = form.getElementsByTagName("select");
    for (int i = 0; i < selects.getLength(); i++) {
      Element sel = (Element) selects.item(i);
      NodeList options = sel.getElementsByTagName("option");
      List<String> optionValues = new ArrayList<>();
      String chosen = null;
      for (int j = 0; j < options.getLength(); j++) {
        Element o = (Element) options.item(j);
        String v = o.hasAttribute("value") ? o.getAttribute("value") : o.getTextContent();
        optionValues.add(v);
        if (chosen == null && (o.hasAttribute("selected") || j == 0)) {
          chosen = v;
        }
        if (o.hasAttribute("selected")) {
          chosen = v;
        }
      }
      offered.put(sel.getAttribute("name"), optionValues);
      values.put(sel.getAttribute("name"), chosen == null ? "" : chosen);
    }
    fields.forEach((name, value) -> {
      if (!values.containsKey(name)) {
        fail("form of '" + button + "' has no field '" + name + "'; fields: " + values.keySet());
      }
      if (offered.containsKey(name) && !offered.get(name).contains(value)) {
        fail("select '" + name + "' offers no '" + value + "'; options: " + offered.get(name));
      }
      values.put(name, value);
    });
    if (btn.hasAttribute("name")) {
      values.put(btn.getAttribute("name"), btn.getAttribute("value"));
    }
    String encoded = values.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    URI action = current.uri().resolve(form.getAttribute("action"));
    String method = form.getAttribute("method").isEmpty() ? "get" : form.getAttribute("method");
    HttpRequest request = method.equalsIgnoreCase("post")
        ? HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encoded)).build()
        : HttpRequest.newBuilder(URI.create(action + "?" + encoded)).GET().build();
    current = load(request);
    return current;
  }

  /** Loads and parses a page; fails unless it answers 200 with well-formed HTML. */
  Page load(HttpRequest request) {
    Page page = fetch(request);
    assertEquals(200, page.status(), () -> request.method() + " " + request.uri() + " gave " + page.status());
    return page;
  }

  /** Loads and parses a page with any status. */
  Page fetch(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Page(response.uri(), response.statusCode(), response.body(), parse(response.uri(), response.body()));
  }

  private static final DocumentBuilderFactory XML = xmlFactory();

  private static DocumentBuilderFactory xmlFactory() {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    try {
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    return factory;
  }

  static Document parse(URI uri, String html) {
    try {
      DocumentBuilder builder = XML.newDocumentBuilder();
      builder.setErrorHandler(null);
      return builder.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError(uri + " is not well-formed HTML: " + e.getMessage() + "\n" + html, e);
    }
  }

  static String nameOf(Element e) {
    String aria = e.getAttribute("aria-label");
    return aria.isBlank() ? normalized(e.getTextContent()) : aria.strip();
  }

  private static String normalized(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  private static Element find(Document doc, String tag, java.util.function.Predicate<Element> test) {
    NodeList list = doc.getElementsByTagName(tag);
    for (int i = 0; i < list.getLength(); i++) {
      Element e = (Element) list.item(i);
      if (test.test(e)) {
        return e;
      }
    }
    return null;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
