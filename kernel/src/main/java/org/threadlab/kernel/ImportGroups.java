package org.threadlab.kernel;

/**
 * Names that lead the kernel's own groups of imports, each evaluated as one JShell snippet
 * ({@link JShellEvaluator#importAll}). JShell keys an import snippet by its first import, and a
 * later import with the same key replaces the whole group: these names, which no cell imports,
 * keep a user's {@code import java.util.*;} from dropping the other imports of a group.
 */
public final class ImportGroups {
    private ImportGroups() {
    }

    /** Leads JShell's default imports and the notebook statics ({@code display(...)}). */
    public static final class Defaults {
        private Defaults() {
        }
    }

    /** Leads the imports that extensions ask for while the kernel starts. */
    public static final class Extensions {
        private Extensions() {
        }
    }
}
