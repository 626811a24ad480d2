package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StartupImportsTest {
    @Test
    void aCellOfImportLinesIsKeptForTheStartUpGroup() {
        assertTrue(ThreadLabKernel.onlyImports("import org.threadlab.ThreadLab;\n\nimport static org.junit.jupiter.api.Assertions.*;\n"));
        assertTrue(ThreadLabKernel.onlyImports("  import java.util.concurrent.atomic.*;  "));
    }

    @Test
    void codeBesideImportsIsEvaluatedAsItStands() {
        assertFalse(ThreadLabKernel.onlyImports("import java.util.*;\nint x = 1;"));
        assertFalse(ThreadLabKernel.onlyImports("import java.util.*; int x = 1;"));
        assertFalse(ThreadLabKernel.onlyImports("// import java.util.*;"));
        assertFalse(ThreadLabKernel.onlyImports("importx java.util.*;"));
        assertFalse(ThreadLabKernel.onlyImports("   \n"));
    }
}
