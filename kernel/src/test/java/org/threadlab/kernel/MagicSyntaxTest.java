package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagicSyntaxTest {
    @Test
    void cellMagicTakesTheRestOfTheCellAsBody() {
        MagicSyntax m = MagicSyntax.cellMagic("%%bench threads=1,2 --title \"two words\"\nint x = threads;\n");
        assertEquals("bench", m.name());
        assertEquals(List.of("threads=1,2", "--title", "two words"), m.args());
        assertEquals("int x = threads;\n", m.body());
    }

    @Test
    void completionAndInspectionReadACellMagicsBodyAtItsOwnOffsets() {
        String cell = "%%threads --lanes 8\nThread.sleep";
        String java = MagicSyntax.blankCellMagicLine(cell);
        assertEquals(cell.length(), java.length());
        assertEquals(" ".repeat(19) + "\nThread.sleep", java);
        assertEquals("int x = 5 % 2;", MagicSyntax.blankCellMagicLine("int x = 5 % 2;"));
        assertEquals("         ", MagicSyntax.blankCellMagicLine("%%threads"));
    }

    @Test
    void javaIsNotAMagic() {
        assertNull(MagicSyntax.cellMagic("int x = 5 % 2;"));
        assertNull(MagicSyntax.lineMagicsOnly("int x = 5;\n%threadlab"));
    }

    @Test
    void aCellOfLineMagicsRunsEach() {
        List<MagicSyntax> ms = MagicSyntax.lineMagicsOnly("%jars a.jar\n\n// comment\n%threadlab");
        assertEquals(2, ms.size());
        assertEquals("jars", ms.get(0).name());
        assertEquals(List.of("a.jar"), ms.get(0).args());
    }

    @Test
    void backslashEscapesAQuote() {
        assertEquals(List.of("say \"hi\"", "x"), MagicSyntax.split("\"say \\\"hi\\\"\" x"));
    }
}
