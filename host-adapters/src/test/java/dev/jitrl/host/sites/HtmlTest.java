package dev.jitrl.host.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void text_theFiveXmlSpecialCharacters_areEscaped() {
    assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;", Html.text("<b> & \"x\" 'y'").markup());
  }

  @Test
  void of_textArgument_isEscapedButHtmlArgumentIsKept() {
    Html link = Html.of("<a href=\"{}\">{}</a>", "/s?a=1&b=2", Html.of("<b>bold</b>"));

    assertEquals("<a href=\"/s?a=1&amp;b=2\"><b>bold</b></a>", link.markup());
  }

  @Test
  void of_numberArgument_isWrittenAsIs() {
    assertEquals("<td>1045</td>", Html.of("<td>{}</td>", 1045).markup());
  }

  @Test
  void of_fewerArgumentsThanPlaceholders_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Html.of("<p>{} {}</p>", "a"));
    assertEquals("template has more {} than the 1 argument(s): <p>{} {}</p>", e.getMessage());
  }

  @Test
  void of_moreArgumentsThanPlaceholders_throws() {
    assertThrows(IllegalArgumentException.class, () -> Html.of("<p>{}</p>", "a", "b"));
  }

  @Test
  void builder_addedPieces_areJoinedWithTheSameEscaping() {
    Html html = Html.builder().add("<h1>{}</h1>\n", "Q&A").add(Html.of("<hr/>")).build();

    assertEquals("<h1>Q&amp;A</h1>\n<hr/>", html.markup());
  }
}
