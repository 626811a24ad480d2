package org.threadlab.diagnosis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failures whose own words mean nothing to a student, in a sentence that says what to fix:
 * {@code MalformedInputException: Input length = 3} (bytes that are not text in the charset
 * used), {@code SPIResolutionException: resolution exception} (JShell's way of saying a method
 * calls something the notebook never defined). Everything else keeps its own message.
 *
 * <pre>{@code
 * Reasons.rememberUnresolved("7", List.of("method split(long,long)")); // the kernel, as cells are defined
 * String why = Reasons.explain(e); // null when the exception speaks for itself
 * }</pre>
 *
 * <p>Thread-safety: all methods may be called from any thread; the table is one per JVM, like
 * {@link CellFrames}'.
 */
public final class Reasons {
    private static final String RESOLUTION = "jdk.jshell.spi.SPIResolutionException";
    private static final Map<String, List<String>> UNRESOLVED = new ConcurrentHashMap<>();

    private Reasons() {
    }

    /** Records what snippet {@code snippetId} uses but no cell defined (JShell's unresolved dependencies); empty forgets. */
    public static void rememberUnresolved(String snippetId, List<String> names) {
        if (names.isEmpty()) {
            UNRESOLVED.remove(snippetId);
        } else {
            UNRESOLVED.put(snippetId, List.copyOf(names));
        }
    }

    /**
     * {@code t} (or one of its first causes: an {@code UncheckedIOException} wraps the charset's
     * error) in a sentence a student can act on, or null when its own message is as good.
     */
    public static String explain(Throwable t) {
        Throwable c = t;
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause() == c ? null : c.getCause()) {
            String plain = c.getClass().getName().equals(RESOLUTION) ? unresolved(snippetId(c), CellFrames.names(c.getStackTrace()))
                    : explain(c.getClass().getName(), c.getMessage());
            if (plain != null) {
                return plain;
            }
        }
        return null;
    }

    /** The same from an exception's class name and message (what JShell reports of a cell's exception). */
    public static String explain(String className, String message) {
        String simple = className == null ? "" : className.substring(className.lastIndexOf('.') + 1);
        String said = simple + (message == null ? "" : ": " + message);
        return switch (simple) {
            case "MalformedInputException" -> "Some bytes were not text in the character set they were read with (" + said
                    + "; the number is how many bytes did not fit). Read the file or stream with the charset it was written in,"
                    + " e.g. Files.readString(path, StandardCharsets.ISO_8859_1), or save it as UTF-8.";
            case "UnmappableCharacterException" -> "A character cannot be written in the character set chosen (" + said
                    + "). Write the text as UTF-8 (StandardCharsets.UTF_8), which holds every character.";
            case "SPIResolutionException" -> unresolved(null, List.of());
            default -> null;
        };
    }

    private static String unresolved(String snippetId, List<String> frames) {
        // JUnitCell: the class a %%junit cell's tests are compiled into; the tests themselves call what is missing
        String where = frames.isEmpty() ? "Code in the notebook" : frames.get(0).startsWith("JUnitCell") ? "The tests" : frames.get(0);
        List<String> missing = snippetId == null ? List.of() : UNRESOLVED.getOrDefault(snippetId, List.of()).stream()
                .map(n -> n.matches("variable \\p{Lu}\\w*") ? n.substring("variable ".length()) : n).toList(); // SumTask.x reads as a variable
        String what = missing.isEmpty() ? "something no cell defined" : String.join(", ", missing) + ", which no cell defined";
        return where + (where.equals("The tests") ? " use " : " uses ") + what + " (or whose cell did not compile). Define it, or fix the cell that failed,"
                + " and run the notebook from the top.";
    }

    private static String snippetId(Throwable t) {
        try {
            return String.valueOf(t.getClass().getMethod("id").invoke(t));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
