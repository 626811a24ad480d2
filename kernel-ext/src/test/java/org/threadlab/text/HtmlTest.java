package org.threadlab.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapingLeavesNoMarkupAndNoCharacterXmlForbids() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
                Html.escape("<script>alert(\"x\" & 'y')</script>"));
        assertEquals("a\uFFFDb\tc\nd", Html.escape("a\u0007b\tc\nd"));
        assertEquals("", Html.escape(null));
        String plain = "worker-1 ran 12.5 ms";
        assertTrue(plain == Html.escape(plain), "text without special characters is returned as is");
    }

    @Test
    void aTableSaysItsAlignmentInMarkupAndStyleAndNeverCentres() {
        String t = new Html.Table().column("thread", false).column("cpu", true).row("w<1>", "2 ms").render();
        assertTrue(t.contains("<th align=\"left\" style=\"text-align:left\">thread</th>"), t);
        assertTrue(t.contains("<th align=\"right\" style=\"text-align:right\">cpu</th>"), t);
        assertTrue(t.contains("<td align=\"left\" style=\"text-align:left\">w&lt;1&gt;</td>"), t);
        assertTrue(t.contains("<td align=\"right\" style=\"text-align:right\">2 ms</td>"), t);
        assertTrue(t.contains("border=\"1\"") && t.contains("margin-left:0"), "a border where no CSS draws one; left, not centred");
        assertTrue(t.contains("<thead>") && t.contains("<tbody>"), t);
    }

    @Test
    void aShortRowSpansTheRestAndANoteSpansTheTable() {
        String t = new Html.Table().column("n", true).column("median", true).column("max", true)
                .row("0", "FAILED: / by zero")
                .rowHtml(List.of("1", "2 ms", "3 ms"), Html.pre("why\nit failed"))
                .render();
        assertTrue(t.contains("<td colspan=\"2\" align=\"left\" style=\"text-align:left\">FAILED: / by zero</td>"), t);
        assertTrue(t.contains("<tr><td colspan=\"3\" align=\"left\" style=\"text-align:left\"><pre"), t);
        assertTrue(t.contains("why\nit failed</pre>"), t);
        assertThrows(IllegalArgumentException.class, () -> new Html.Table().column("a", false).row("1", "2"));
    }
}
