package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

class MemoryHistoryTest {
    @Test
    void tailRangeAndGlobSearch() {
        MemoryHistory h = new MemoryHistory();
        h.add(1, "int a = 1;", null);
        h.add(2, "a + 1", "2");
        h.add(3, "int b = 2;", null);
        List<HistoryEntry> tail = h.lookupTail(2, EnumSet.noneOf(ResultFlag.class));
        assertEquals(List.of(2, 3), tail.stream().map(HistoryEntry::getCellNumber).toList());
        assertEquals(List.of("a + 1"), h.lookupRange(0, 2, 3, EnumSet.noneOf(ResultFlag.class)).stream().map(HistoryEntry::getInput).toList());
        assertEquals(List.of("int a = 1;", "int b = 2;"), h.search("int ?*", 10, EnumSet.noneOf(ResultFlag.class)).stream().map(HistoryEntry::getInput).toList());
        assertEquals("2", h.lookupTail(2, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
    }
}
