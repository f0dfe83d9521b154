package dev.jitrl.host.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SiteVariantTest {
  private static final String PAGE = "<main><ul>\n<li>first</li>\n<li>second</li>\n</ul>\n"
      + "<table><tbody>\n<tr><td>1</td></tr>\n<tr><td>2</td></tr>\n</tbody></table>\n"
      + "<form method=\"post\" action=\"/x\"><label for=\"b\">Body</label><textarea id=\"b\"></textarea>"
      + "<button type=\"submit\" aria-label=\"Send it\">Send</button></form>\n"
      + "<form method=\"post\" action=\"/y\"><button type=\"submit\" onclick=\"return confirm('x')\">Cancel order</button></form>"
      + "</main>";

  @Test
  void apply_renamedButtons_everyButtonNameGainsAWord() {
    String out = SiteVariant.apply(Set.of(SiteVariant.RENAMED_BUTTONS), PAGE);
    assertTrue(out.contains("aria-label=\"Send it now\">Send now</button>"), out);
    assertTrue(out.contains(">Cancel order now</button>"), out);
  }

  @Test
  void apply_movedButtons_theButtonComesBeforeTheFields() {
    String out = SiteVariant.apply(Set.of(SiteVariant.MOVED_BUTTONS), PAGE);
    assertTrue(out.indexOf(">Send</button>") < out.indexOf("<textarea"), out);
    assertEquals(PAGE.length() + 2, out.length(), "nothing lost, a line break added per moved button (2 forms): " + out);
  }

  @Test
  void apply_confirmDialog_onlyButtonsWithoutAScriptAsk() {
    String out = SiteVariant.apply(Set.of(SiteVariant.CONFIRM_DIALOG), PAGE);
    assertTrue(out.contains("<button type=\"submit\" onclick=\"return confirm(&#39;Are you sure?&#39;)\" aria-label=\"Send it\">"), out);
    assertEquals(1, out.split("onclick=", -1).length - 2, "the existing confirm is left alone: " + out);
  }

  @Test
  void apply_reorderedItems_rowsAndItemsReversed() {
    String out = SiteVariant.apply(Set.of(SiteVariant.REORDERED_ITEMS), PAGE);
    assertTrue(out.indexOf("second") < out.indexOf("first"), out);
    assertTrue(out.indexOf("<td>2</td>") < out.indexOf("<td>1</td>"), out);
  }

  @Test
  void apply_noVariant_pageUnchanged() {
    assertEquals(PAGE, SiteVariant.apply(Set.of(), PAGE));
  }
}
