package org.threadlab.diagnosis;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A value as a student reads it in a failure: its {@code toString()}, or, when that is
 * {@code Object}'s ({@code Account@10d18696}), its class and fields:
 * {@code Account{id=1, balance=-900}}.
 *
 * <pre>{@code
 * String shown = ValueText.of(actual, String.valueOf(actual)); // what JUnit already rendered
 * }</pre>
 *
 * <p>Safe on any object: it never calls a notebook class's own {@code toString()},
 * {@code hashCode()} or any other method of it (one that never returns or throws cannot hang or
 * break a report); it reads fields only, two levels deep, at most {@value #MAX_FIELDS} per
 * object and {@value #MAX_CHARS} characters in all. JDK values ({@code String}, numbers, atomics)
 * show by their own {@code toString()}, which ends; JDK containers by their class and size.
 *
 * <p>Stateless and thread-safe; reading the fields of an object other threads change gives some
 * mix of their values, as any unsynchronized read does.
 */
public final class ValueText {
    static final int MAX_FIELDS = 8;
    static final int MAX_CHARS = 300;
    private static final int DEPTH = 2;
    /** What {@code Object.toString()} returns: a class name, {@code @}, the identity hash in hex. */
    private static final Pattern OBJECT_DEFAULT = Pattern.compile("[\\p{L}\\w.$]+@\\p{XDigit}+");
    /** The wrapper class JShell puts a notebook's classes in: {@code REPL.$JShell$12$}. */
    private static final Pattern REPL_PREFIX = Pattern.compile("REPL\\.\\$JShell\\$\\d+\\$");

    private ValueText() {
    }

    /**
     * {@code shown} (a value's {@code String.valueOf}, already computed) as it should read:
     * Object's default replaced by class and fields, JShell's wrapper names removed.
     */
    public static String of(Object value, String shown) {
        if (value != null && shown != null && OBJECT_DEFAULT.matcher(shown).matches() && !ownToString(value.getClass())) {
            return fields(value);
        }
        return shown == null ? null : withoutWrapperNames(shown);
    }

    /** {@code REPL.$JShell$12$Account@1b6d} → {@code Account@1b6d}: the class as the notebook named it. */
    public static String withoutWrapperNames(String text) {
        return text == null ? null : REPL_PREFIX.matcher(text).replaceAll("");
    }

    /** {@code value} by its class and fields, never calling a method of a notebook class. */
    public static String fields(Object value) {
        StringBuilder s = new StringBuilder();
        append(s, value, DEPTH);
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS - 1) + "…" : s.toString();
    }

    private static void append(StringBuilder s, Object v, int depth) {
        if (s.length() > MAX_CHARS) {
            return;
        }
        if (v == null) {
            s.append("null");
            return;
        }
        Class<?> c = v.getClass();
        if (v instanceof String str) {
            s.append('"').append(str.length() > 60 ? str.substring(0, 59) + "…" : str).append('"');
        } else if (v instanceof Enum<?> e) {
            s.append(e.name());
        } else if (c.isArray()) {
            array(s, v, depth);
        } else if (jdk(c) && (v instanceof java.util.Collection<?> || v instanceof java.util.Map<?, ?>)) {
            // its toString would call the elements' toString: notebook code
            int size = v instanceof java.util.Collection<?> col ? col.size() : ((java.util.Map<?, ?>) v).size();
            s.append(c.getSimpleName()).append("(size ").append(size).append(')');
        } else if (jdk(c)) {
            s.append(v); // numbers, atomics, locks, threads: JDK code that ends
        } else if (depth == 0) {
            s.append(name(c)).append("{…}");
        } else {
            object(s, v, c, depth);
        }
    }

    private static void object(StringBuilder s, Object v, Class<?> c, int depth) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class && !jdk(k); k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) {
                    fields.add(f);
                }
            }
        }
        s.append(name(c)).append('{');
        for (int i = 0; i < fields.size() && i < MAX_FIELDS; i++) {
            Field f = fields.get(i);
            s.append(i == 0 ? "" : ", ").append(f.getName()).append('=');
            try {
                f.setAccessible(true);
                append(s, f.get(v), depth - 1);
            } catch (RuntimeException | IllegalAccessException e) {
                s.append('?');
            }
        }
        if (fields.size() > MAX_FIELDS) {
            s.append(", …");
        }
        s.append('}');
    }

    private static void array(StringBuilder s, Object v, int depth) {
        int n = java.lang.reflect.Array.getLength(v);
        s.append('[');
        for (int i = 0; i < n && i < 10; i++) {
            s.append(i == 0 ? "" : ", ");
            append(s, java.lang.reflect.Array.get(v, i), Math.max(0, depth - 1));
        }
        s.append(n > 10 ? ", … (" + n + " in all)]" : "]");
    }

    private static boolean ownToString(Class<?> c) {
        try {
            return c.getMethod("toString").getDeclaringClass() != Object.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean jdk(Class<?> c) {
        Module m = c.getModule();
        return m.isNamed() && m.getName().startsWith("java.") || c.getName().startsWith("java.");
    }

    private static String name(Class<?> c) {
        String n = c.getSimpleName(); // Account, whether the notebook or a package declared it
        return n.isEmpty() ? CellFrames.className(c.getName()) : n;
    }
}
