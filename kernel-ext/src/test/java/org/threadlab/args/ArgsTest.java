package org.threadlab.args;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgsTest {
    private static final String USAGE = "%%demo [--timeout S] [--csv FILE] [--svg] [--help]";
    private static final Args.Parser DEMO = Args.parser("%%demo", USAGE).values("--timeout", "--csv").switches("--svg");

    private static String problem(Args.Parser p, String... tokens) {
        return assertThrows(UsageException.class, () -> p.parse(tokens)).problem();
    }

    @Test
    void valuesFollowTheFlagOrItsEqualsSign() {
        Args a = DEMO.parse("--timeout", "2.5", "--csv=out.csv", "--svg");
        assertEquals(2.5, a.decimal("--timeout", 60, 0.1, 100));
        assertEquals(Path.of("out.csv"), a.path("--csv"));
        assertTrue(a.has("--svg"));
        assertFalse(a.help());
    }

    @Test
    void absentFlagsGiveTheirDefaults() {
        Args a = DEMO.parse();
        assertEquals(60, a.decimal("--timeout", 60, 0.1, 100));
        assertNull(a.text("--csv"));
        assertFalse(a.has("--svg"));
    }

    @Test
    void everyErrorIsOneSentenceNamingTheArgumentThenTheUsage() {
        UsageException e = assertThrows(UsageException.class, () -> DEMO.parse("--bogus"));
        assertEquals("%%demo does not know the argument '--bogus'.", e.problem());
        assertEquals("%%demo does not know the argument '--bogus'.\nUsage: " + USAGE, e.getMessage());
        assertEquals("--csv needs a value.", problem(DEMO, "--csv"));
        assertEquals("--csv needs a value.", problem(DEMO, "--csv", "--svg"));
        assertEquals("--svg takes no value, but got 'yes'.", problem(DEMO, "--svg=yes"));
        assertEquals("%%demo does not know the argument 'stray'.", problem(DEMO, "stray"));
        assertEquals("%%demo does not know the argument '-x'.", problem(DEMO.words(), "-x"));
    }

    @Test
    void numbersAreCheckedAgainstTheirRange() {
        assertEquals("--timeout must be a number from 0.1 to 100, not 'soon'.",
                assertThrows(UsageException.class, () -> DEMO.parse("--timeout", "soon").decimal("--timeout", 1, 0.1, 100)).problem());
        Args.Parser n = Args.parser("%%n", "%%n [--lanes N] [--repeat N]").values("--lanes", "--repeat");
        assertEquals("--lanes must be a whole number from 1 to 64, not '1.5'.",
                assertThrows(UsageException.class, () -> n.parse("--lanes", "1.5").integer("--lanes", 8, 1, 64)).problem());
        assertEquals("--repeat must be a whole number of at least 1, not '0'.",
                assertThrows(UsageException.class, () -> n.parse("--repeat=0").integer("--repeat", 5, 1, Integer.MAX_VALUE)).problem());
        assertEquals(-1, n.parse("--repeat", "-1").integer("--repeat", 5, -1, 3), "a negative number is a value, not a flag");
        assertEquals(1_000, n.parse("--repeat", "1_000").integer("--repeat", 5, 1, Integer.MAX_VALUE));
    }

    @Test
    void helpAnywhereAsksForHelpAndChecksNothingElse() {
        assertTrue(DEMO.parse("--bogus", "--help").help());
        assertTrue(DEMO.parse("-h").help());
    }

    @Test
    void wordsFlagsGivenTwiceAndUndeclaredFlagsWhenAsked() {
        Args a = Args.parser("grade", "grade [--tests FILE]... DIR").values("--tests").words()
                .parse("--tests", "a.ipynb", "subs", "--tests", "b.java");
        assertEquals(List.of("subs"), a.words());
        assertEquals(List.of("a.ipynb", "b.java"), a.all("--tests"));
        assertEquals("b.java", a.text("--tests"));
        Args p = Args.parser("%pattern", "").values("--variant").otherFlags().parse("--variant", "executor", "--threads", "4",
                "--virtual", "--n=10");
        assertEquals(Map.of("threads", "4", "virtual", "true", "n", "10"), p.otherFlags());
        assertEquals("executor", p.text("--variant"));
    }

    @Test
    void sizesAndJavaNames() {
        Args.Parser p = Args.parser("%%c", "%%c [--size WxH] [--out NAME]").values("--size", "--out");
        assertArrayEquals(new int[] {900, 0}, p.parse().size("--size", 900, 0));
        assertArrayEquals(new int[] {640, 480}, p.parse("--size", "640x480").size("--size", 900, 0));
        assertTrue(assertThrows(UsageException.class, () -> p.parse("--size", "big").size("--size", 900, 0)).problem()
                .startsWith("--size must be WIDTHxHEIGHT"));
        assertEquals("result", p.parse("--out", "result").javaName("--out"));
        assertEquals("--out needs a Java variable name, not 'class'.",
                assertThrows(UsageException.class, () -> p.parse("--out", "class").javaName("--out")).problem());
    }
}
