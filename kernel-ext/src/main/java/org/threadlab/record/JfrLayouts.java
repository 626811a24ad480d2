package org.threadlab.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The layouts of a JFR chunk's types, read from its metadata event: every type's fields in
 * order (enough to skip any value), and by name the few types the recorder reads.
 *
 * <pre>{@code
 * JfrLayouts layouts = JfrLayouts.of(in, contentStart, eventEnd); // cached while the bytes are the same
 * JfrLayouts.Type thread = layouts.byName(JfrLayouts.THREAD);
 * }</pre>
 *
 * <p>The metadata event is a string table then a tree of elements: {@code root} holds
 * {@code metadata}, whose {@code class} elements hold {@code field} elements; attribute names
 * and values are indexes into the string table. Every dump of a JVM repeats the same metadata
 * (about 100 KB) until an event class is registered, so {@link #of} keeps the last one parsed,
 * keyed by its bytes. Immutable once built; {@link #of} is thread-safe.
 */
final class JfrLayouts {
    static final String THREAD = "java.lang.Thread";
    static final String THREAD_GROUP = "jdk.types.ThreadGroup";
    static final String STRING = "java.lang.String";

    /** How a value of a type is stored. */
    enum Kind {
        /** boolean and byte: one byte. */
        BYTE,
        /** short, char, int, long: a compressed integer. */
        INTEGER,
        FLOAT,
        DOUBLE,
        STRING,
        /** its fields, in order. */
        FIELDS,
        /** neither a primitive nor with fields: nothing JFR writes as a value. */
        NONE
    }

    static final class Type {
        final long id;
        final String name;
        final Kind kind;
        final List<Field> fields = new ArrayList<>();

        Type(long id, String name, Kind kind) {
            this.id = id;
            this.name = name;
            this.kind = kind;
        }

        /** This type's field {@code name}, or {@code null}. */
        Field field(String fieldName) {
            for (Field f : fields) {
                if (f.name.equals(fieldName)) {
                    return f;
                }
            }
            return null;
        }
    }

    /**
     * One field of a type.
     *
     * @param constantPool whether the value is a key into the chunk's pool of {@code type}
     * @param array        whether the value is a count and that many values
     */
    record Field(String name, Type type, boolean constantPool, boolean array) {
        /** Whether the value is one inline value of {@code kind}. */
        boolean is(Kind kind) {
            return !constantPool && !array && type.kind == kind;
        }

        /** Whether the value is one key into a constant pool. */
        boolean isKey() {
            return constantPool && !array;
        }
    }

    private static volatile JfrLayouts last;
    private static final AtomicInteger PARSES = new AtomicInteger();

    private final byte[] key;
    private final Map<Long, Type> byId;
    private final Map<String, Type> byName;

    private JfrLayouts(byte[] key, Map<Long, Type> byId) {
        this.key = key;
        this.byId = byId;
        this.byName = new HashMap<>();
        for (Type t : byId.values()) {
            byName.put(t.name, t);
        }
    }

    /**
     * The layouts in the metadata content at {@code [from, to)} of {@code in}'s bytes (after the
     * event's size, type, start, duration and metadata id): the last ones parsed if the bytes are
     * equal, else parsed now.
     */
    static JfrLayouts of(JfrBytes in, int from, int to) throws JfrFormatException {
        byte[] bytes = in.bytes();
        if (from < 0 || to > bytes.length || from > to) {
            throw new JfrFormatException("metadata at " + from + ".." + to);
        }
        JfrLayouts cached = last;
        if (cached != null && Arrays.equals(bytes, from, to, cached.key, 0, cached.key.length)) {
            return cached;
        }
        in.position(from);
        JfrLayouts parsed = new JfrLayouts(Arrays.copyOfRange(bytes, from, to), parse(in));
        if (in.position() != to) {
            throw new JfrFormatException("metadata ends at " + in.position() + ", not " + to);
        }
        PARSES.incrementAndGet();
        last = parsed;
        return parsed;
    }

    /** How many times metadata was parsed rather than found in the cache (for tests). */
    static int parses() {
        return PARSES.get();
    }

    Type byId(long id) throws JfrFormatException {
        Type t = byId.get(id);
        if (t == null) {
            throw new JfrFormatException("no type " + id);
        }
        return t;
    }

    /** Every type, in no order. */
    Collection<Type> types() {
        return byId.values();
    }

    /** The type named {@code name}, or {@code null} if this chunk has none. */
    Type byName(String name) {
        return byName.get(name);
    }

    /** Moves {@code in} past one value of {@code f}. */
    static void skip(JfrBytes in, Field f) throws JfrFormatException {
        if (f.constantPool) {
            for (int n = f.array ? in.readCount() : 1; n > 0; n--) {
                in.readLong();
            }
            return;
        }
        for (int n = f.array ? in.readCount() : 1; n > 0; n--) {
            skip(in, f.type);
        }
    }

    /** Moves {@code in} past one inline value of type {@code t}. */
    static void skip(JfrBytes in, Type t) throws JfrFormatException {
        switch (t.kind) {
            case BYTE -> in.skip(1);
            case INTEGER -> in.readLong();
            case FLOAT -> in.skip(4);
            case DOUBLE -> in.skip(8);
            case STRING -> in.skipString();
            case FIELDS -> {
                for (Field g : t.fields) {
                    skip(in, g);
                }
            }
            case NONE -> throw new JfrFormatException("no layout for a value of " + t.name);
        }
    }

    private record Element(String name, Map<String, String> attributes, List<Element> children) {
        List<Element> children(String childName) {
            return children.stream().filter(c -> c.name.equals(childName)).toList();
        }
    }

    private static Map<Long, Type> parse(JfrBytes in) throws JfrFormatException {
        String[] strings = new String[in.readCount()];
        for (int i = 0; i < strings.length; i++) {
            Object s = in.readStringOrKey();
            if (s instanceof Long) {
                throw new JfrFormatException("metadata string refers to a constant pool");
            }
            strings[i] = (String) s;
        }
        Element root = element(in, strings, 0);
        List<Element> metadata = root.children("metadata");
        if (metadata.size() != 1) {
            throw new JfrFormatException("metadata elements: " + metadata.size());
        }
        Map<Long, Type> types = new HashMap<>();
        List<Element> classes = metadata.get(0).children("class");
        for (Element c : classes) {
            Type t = new Type(id(c, "id"), c.attributes.get("name"), kind(c));
            types.put(t.id, t);
        }
        for (Element c : classes) {
            Type t = types.get(id(c, "id"));
            for (Element f : c.children("field")) {
                Type fieldType = types.get(id(f, "class"));
                String dimension = f.attributes.getOrDefault("dimension", "0");
                if (fieldType == null || !(dimension.equals("0") || dimension.equals("1"))) {
                    throw new JfrFormatException("field " + t.name + "." + f.attributes.get("name"));
                }
                t.fields.add(new Field(f.attributes.get("name"), fieldType, f.attributes.get("constantPool") != null,
                        dimension.equals("1")));
            }
        }
        return types;
    }

    private static Kind kind(Element c) {
        if (!c.children("field").isEmpty()) {
            return Kind.FIELDS;
        }
        return switch (c.attributes.getOrDefault("name", "")) {
            case "boolean", "byte" -> Kind.BYTE;
            case "short", "char", "int", "long" -> Kind.INTEGER;
            case "float" -> Kind.FLOAT;
            case "double" -> Kind.DOUBLE;
            case STRING -> Kind.STRING;
            default -> Kind.NONE;
        };
    }

    private static long id(Element e, String attribute) throws JfrFormatException {
        try {
            return Long.parseLong(e.attributes.get(attribute));
        } catch (NumberFormatException ex) {
            throw new JfrFormatException(e.name + " without a numeric " + attribute);
        }
    }

    private static Element element(JfrBytes in, String[] strings, int depth) throws JfrFormatException {
        if (depth > 64) {
            throw new JfrFormatException("metadata nested deeper than 64");
        }
        String name = strings[in.readInt()];
        int attributeCount = in.readCount();
        Map<String, String> attributes = new HashMap<>(attributeCount * 2);
        for (int i = 0; i < attributeCount; i++) {
            attributes.put(strings[in.readInt()], strings[in.readInt()]);
        }
        int childCount = in.readCount();
        List<Element> children = new ArrayList<>(childCount);
        for (int i = 0; i < childCount; i++) {
            children.add(element(in, strings, depth + 1));
        }
        return new Element(name, attributes, children);
    }
}
