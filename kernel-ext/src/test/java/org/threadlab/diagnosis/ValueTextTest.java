package org.threadlab.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTextTest {
    static class Account {
        final int id;
        int balance;
        Account owner;

        Account(int id, int balance) {
            this.id = id;
            this.balance = balance;
        }
    }

    static class Hostile {
        final int n = 3;
        final Hostile self = this;

        @Override
        public String toString() {
            while (true) {
                Thread.onSpinWait();
            }
        }

        @Override
        public int hashCode() {
            throw new IllegalStateException("never");
        }
    }

    static class Holder {
        final Object inner = new Hostile();
        final List<Object> items = new java.util.ArrayList<>(List.of(new Hostile()));
        final int[] numbers = {1, 2, 3};
        final String name = "x";
    }

    @Test
    void anObjectWithoutItsOwnToStringShowsItsClassAndFields() {
        Account a = new Account(1, -900);
        assertEquals("Account{id=1, balance=-900, owner=null}", ValueText.of(a, String.valueOf(a)));
    }

    @Test
    void anObjectWithItsOwnToStringKeepsIt() {
        assertEquals("[1, 2]", ValueText.of(List.of(1, 2), "[1, 2]"));
    }

    @Test
    void aToStringThatNeverReturnsOrAHashCodeThatThrowsIsNeverCalled() {
        String shown = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ValueText.fields(new Holder()));
        assertEquals("Holder{inner=Hostile{n=3, self=Hostile{…}}, items=ArrayList(size 1), numbers=[1, 2, 3], name=\"x\"}", shown);
    }

    @Test
    void cyclesAndDeepObjectsAreBounded() {
        Account a = new Account(1, 1);
        a.owner = a;
        String shown = ValueText.fields(a);
        assertTrue(shown.length() <= ValueText.MAX_CHARS, shown);
        assertEquals("Account{id=1, balance=1, owner=Account{id=1, balance=1, owner=Account{…}}}", shown);
    }

    @Test
    void jshellsWrapperClassNamesAreRemoved() {
        assertEquals("expected: <Account@1b6d3586>", ValueText.withoutWrapperNames("expected: <REPL.$JShell$14$Account@1b6d3586>"));
    }

    @Test
    void reasonsSayWhatToFix() {
        assertTrue(Reasons.explain(new java.io.UncheckedIOException(new java.nio.charset.MalformedInputException(3)))
                .startsWith("Some bytes were not text in the character set they were read with (MalformedInputException: Input length = 3"));
        assertNull(Reasons.explain(new IllegalStateException("closed")));
    }
}
