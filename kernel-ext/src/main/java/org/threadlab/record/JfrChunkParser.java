package org.threadlab.record;

import static org.threadlab.record.JfrEventNames.MONITOR_ENTER;
import static org.threadlab.record.JfrEventNames.MONITOR_WAIT;
import static org.threadlab.record.JfrEventNames.RECORDING_START;
import static org.threadlab.record.JfrEventNames.SOCKET_READ;
import static org.threadlab.record.JfrEventNames.SOCKET_WRITE;
import static org.threadlab.record.JfrEventNames.THREAD_END;
import static org.threadlab.record.JfrEventNames.THREAD_PARK;
import static org.threadlab.record.JfrEventNames.THREAD_SLEEP;
import static org.threadlab.record.JfrEventNames.THREAD_START;
import static org.threadlab.record.JfrEventNames.VIRTUAL_THREAD_END;
import static org.threadlab.record.JfrEventNames.VIRTUAL_THREAD_START;

import java.util.HashMap;
import java.util.Map;
import org.threadlab.record.JfrLayouts.Field;
import org.threadlab.record.JfrLayouts.Kind;
import org.threadlab.record.JfrLayouts.Type;

/**
 * Reads the recorder's events from the bytes of a JFR file (format 2.x, as JDK 21–25 write it)
 * into {@link ThreadEvents}, the same values {@code RecordingFile} gives {@link JfrEventReader},
 * without building every event type JFR knows into objects.
 *
 * <pre>{@code
 * ThreadEvents events = JfrChunkParser.read(Files.readAllBytes(file), window);
 * }</pre>
 *
 * <p>Per chunk: the 68-byte header (big-endian; positions are relative to the chunk), the
 * metadata event ({@link JfrLayouts}, cached across reads), the chain of checkpoint events from
 * the header's last one back to the first (only the Thread, ThreadGroup and String pools are
 * kept; other values are skipped by their layout), then every event in file order: events of
 * other types are skipped by their size. Times convert as {@code RecordingFile}'s do: start
 * nanos plus ticks since the start ticks over ticks per nanosecond, truncated, all three from
 * the file's first chunk header, for every chunk (in a later chunk that can differ from its own
 * header's clock by some nanoseconds; both readers agree).
 *
 * <p>Anything it does not expect (another major version, integers not compressed, an unfinished
 * chunk, a field of an unexpected kind, sizes that do not add up) throws
 * {@link JfrFormatException}; bytes ending early throw an {@link IndexOutOfBoundsException}.
 * One difference is deliberate: a thread renamed between two chunks keeps, in the second chunk,
 * the name that chunk's pool gives; {@code RecordingFile} reuses the name it resolved in the
 * first. Stateless but for the caches; thread-safe.
 */
final class JfrChunkParser {
    private static final int HEADER_SIZE = 68;
    private static final int FILE_STATE = 64;
    private static final int FLAGS = 67;
    private static final int COMPRESSED_INTEGERS = 1;
    private static final long METADATA_TYPE = 0;
    private static final long CHECKPOINT_TYPE = 1;

    private enum What { MARK, THREAD_START, THREAD_END, VIRTUAL_START, VIRTUAL_END, STATE }

    // the role of one event or Thread-pool field: what is read from it, if anything
    private static final byte SKIP = 0;
    private static final byte START_TIME = 1;
    private static final byte DURATION = 2;
    private static final byte EVENT_THREAD = 3;
    private static final byte THREAD = 4;
    private static final byte PARENT = 5;
    private static final byte JAVA_THREAD_ID = 6;
    private static final byte JAVA_NAME = 7;
    private static final byte OS_NAME = 8;
    private static final byte GROUP = 9;

    /** How to read one event type: the role of each field up to the last one needed. */
    private record EventPlan(What what, ThreadState state, byte[] roles, Type type) {
    }

    /** The plans of the last layouts seen; rebuilt when the layouts change. */
    private record Plans(JfrLayouts layouts, Map<Long, EventPlan> byTypeId) {
    }

    private static volatile Plans lastPlans;

    /** One thread constant; names are a {@code String}, {@code null} or a String-pool key until resolved. */
    private static final class PooledThread {
        Object javaName;
        Object osName;
        long javaThreadId = -1; // what RecordedThread.getJavaThreadId() answers without the field
        long groupKey;
        boolean hasGroup;

        long id() {
            return javaThreadId == 0 ? -1 : javaThreadId;
        }

        String name() {
            return javaName != null ? (String) javaName : osName != null ? (String) osName : "";
        }
    }

    private final JfrBytes in;
    private final int start;
    private final int end;
    private final KeptEvents kept;
    private final long startNanos;
    private final long startTicks;
    private final double ticksPerNano;
    private final Map<Long, PooledThread> threads = new HashMap<>();
    private final Map<Long, Object> groupNames = new HashMap<>();
    private final Map<Long, String> strings = new HashMap<>();

    /** The chunk at {@code start}; its times convert with {@code first}'s clock, as RecordingFile's do, if given. */
    private JfrChunkParser(JfrBytes in, int start, JfrChunkParser first, KeptEvents kept)
            throws JfrFormatException {
        this.in = in;
        this.start = start;
        this.kept = kept;
        byte[] b = in.bytes();
        if (b.length - start < HEADER_SIZE || b[start] != 'F' || b[start + 1] != 'L' || b[start + 2] != 'R'
                || b[start + 3] != 0) {
            throw new JfrFormatException("no chunk header at " + start);
        }
        int major = in.rawShort(start + 4);
        if (major != 2) {
            throw new JfrFormatException("file format " + major + "." + in.rawShort(start + 6));
        }
        if (b[start + FILE_STATE] != 0 || (b[start + FLAGS] & COMPRESSED_INTEGERS) == 0) {
            throw new JfrFormatException("chunk unfinished or with uncompressed integers");
        }
        long size = in.rawLong(start + 8);
        if (size < HEADER_SIZE || size > b.length - start) {
            throw new JfrFormatException("chunk size " + size + " at " + start);
        }
        this.end = (int) (start + size);
        this.startNanos = first != null ? first.startNanos : in.rawLong(start + 32);
        this.startTicks = first != null ? first.startTicks : in.rawLong(start + 48);
        this.ticksPerNano = first != null ? first.ticksPerNano : (double) in.rawLong(start + 56) / 1_000_000_000L;
    }

    /** The recorder's events in {@code file}, every chunk of it. */
    static ThreadEvents read(byte[] file, ThreadWindow window) throws JfrFormatException {
        KeptEvents kept = new KeptEvents(window);
        JfrBytes in = new JfrBytes(file, 0);
        JfrChunkParser first = null;
        int at = 0;
        do {
            JfrChunkParser chunk = new JfrChunkParser(in, at, first, kept);
            chunk.read();
            first = first == null ? chunk : first;
            at = chunk.end;
        } while (at < file.length);
        return kept.events();
    }

    private void read() throws JfrFormatException {
        JfrLayouts layouts = metadata(in.rawLong(start + 24));
        readConstantPools(layouts, in.rawLong(start + 16));
        Map<Long, EventPlan> plans = plans(layouts);
        long at = start + HEADER_SIZE;
        while (at < end) {
            in.position(at);
            long size = in.readLong();
            if (size <= 0 || size > end - at) {
                throw new JfrFormatException("event size " + size + " at " + at);
            }
            EventPlan plan = plans.get(in.readLong());
            if (plan != null) {
                accept(plan);
                if (in.position() > at + size) {
                    throw new JfrFormatException("event at " + at + " longer than its size");
                }
            }
            at += size;
        }
    }

    private JfrLayouts metadata(long position) throws JfrFormatException {
        long at = checkedPosition(position);
        in.position(at);
        long size = in.readLong();
        if (in.readLong() != METADATA_TYPE || size <= 0 || size > end - at) {
            throw new JfrFormatException("no metadata event at " + at);
        }
        in.readLong(); // start
        in.readLong(); // duration
        in.readLong(); // metadata id: not part of the key, the content is
        return JfrLayouts.of(in, in.position(), (int) (at + size));
    }

    private long checkedPosition(long position) throws JfrFormatException {
        if (position < HEADER_SIZE || position >= end - start) {
            throw new JfrFormatException("position " + position + " outside the chunk at " + start);
        }
        return start + position;
    }

    // Chained from the last checkpoint back to the first, as RecordingFile reads them; an
    // earlier checkpoint's value of a key replaces a later one's, as there.
    private void readConstantPools(JfrLayouts layouts, long last) throws JfrFormatException {
        Type threadType = layouts.byName(JfrLayouts.THREAD);
        byte[] threadRoles = threadType == null ? new byte[0] : threadRoles(threadType);
        long at = checkedPosition(last);
        long delta;
        do {
            in.position(at);
            long size = in.readLong();
            if (in.readLong() != CHECKPOINT_TYPE) {
                throw new JfrFormatException("no checkpoint event at " + at);
            }
            in.readLong(); // start
            in.readLong(); // duration
            delta = in.readLong();
            in.readByte(); // checkpoint kind (flush, statics, ...)
            for (int pools = in.readCount(); pools > 0; pools--) {
                Type t = layouts.byId(in.readLong());
                int count = in.readCount();
                if (count == 0) {
                    throw new JfrFormatException("empty constant pool of " + t.name);
                }
                readPool(t, count, threadRoles);
            }
            if (in.position() != at + size) {
                throw new JfrFormatException("checkpoint at " + at + " is not " + size + " bytes");
            }
            if (delta > 0 || (delta < 0 && at + delta < start + HEADER_SIZE)) {
                throw new JfrFormatException("checkpoint at " + at + " chains to " + (at + delta));
            }
            at += delta;
        } while (delta != 0);
        for (PooledThread t : threads.values()) {
            t.javaName = resolve(t.javaName);
            t.osName = resolve(t.osName);
        }
        groupNames.replaceAll((key, name) -> resolve(name));
    }

    /** Reads {@code count} constants of type {@code t}, each a key and a value (arguments evaluate left to right). */
    private void readPool(Type t, int count, byte[] threadRoles) throws JfrFormatException {
        switch (t.name) {
            case JfrLayouts.THREAD -> {
                for (int i = 0; i < count; i++) {
                    threads.put(in.readLong(), thread(t, threadRoles));
                }
            }
            case JfrLayouts.THREAD_GROUP -> {
                for (int i = 0; i < count; i++) {
                    groupNames.put(in.readLong(), groupName(t));
                }
            }
            case JfrLayouts.STRING -> {
                for (int i = 0; i < count; i++) {
                    strings.put(in.readLong(), plainString());
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    in.readLong();
                    JfrLayouts.skip(in, t);
                }
            }
        }
    }

    private Object resolve(Object stringOrKey) {
        return stringOrKey instanceof Long key ? strings.get(key) : stringOrKey;
    }

    private String plainString() throws JfrFormatException {
        Object s = in.readStringOrKey();
        if (s instanceof Long) {
            throw new JfrFormatException("a String constant refers to another");
        }
        return (String) s;
    }

    private static byte[] threadRoles(Type thread) throws JfrFormatException {
        byte[] roles = new byte[thread.fields.size()];
        for (int i = 0; i < roles.length; i++) {
            Field f = thread.fields.get(i);
            roles[i] = switch (f.name()) {
                case "javaName" -> expect(f, f.is(Kind.STRING), JAVA_NAME);
                case "osName" -> expect(f, f.is(Kind.STRING), OS_NAME);
                case "javaThreadId" -> expect(f, f.is(Kind.INTEGER), JAVA_THREAD_ID);
                case "group" -> expect(f, f.isKey() && f.type().name.equals(JfrLayouts.THREAD_GROUP), GROUP);
                default -> SKIP;
            };
        }
        return roles;
    }

    private static byte expect(Field f, boolean asExpected, byte role) throws JfrFormatException {
        if (!asExpected) {
            throw new JfrFormatException("field " + f.name() + " of an unexpected kind");
        }
        return role;
    }

    private PooledThread thread(Type t, byte[] roles) throws JfrFormatException {
        PooledThread p = new PooledThread();
        for (int i = 0; i < roles.length; i++) {
            switch (roles[i]) {
                case JAVA_NAME -> p.javaName = in.readStringOrKey();
                case OS_NAME -> p.osName = in.readStringOrKey();
                case JAVA_THREAD_ID -> p.javaThreadId = in.readLong();
                case GROUP -> {
                    p.groupKey = in.readLong();
                    p.hasGroup = true;
                }
                default -> JfrLayouts.skip(in, t.fields.get(i));
            }
        }
        return p;
    }

    private Object groupName(Type t) throws JfrFormatException {
        Object name = null;
        for (Field f : t.fields) {
            if (f.name().equals("name")) {
                expect(f, f.is(Kind.STRING), SKIP);
                name = in.readStringOrKey();
            } else {
                JfrLayouts.skip(in, f);
            }
        }
        return name;
    }

    private static Map<Long, EventPlan> plans(JfrLayouts layouts) throws JfrFormatException {
        Plans cached = lastPlans;
        if (cached != null && cached.layouts == layouts) {
            return cached.byTypeId;
        }
        Map<Long, EventPlan> byTypeId = new HashMap<>();
        for (Type t : layouts.types()) {
            EventPlan p = switch (t.name) {
                case RECORDING_START -> plan(t, What.MARK, null);
                case THREAD_START -> plan(t, What.THREAD_START, null, "thread", "parentThread");
                case THREAD_END -> plan(t, What.THREAD_END, null, "thread");
                case VIRTUAL_THREAD_START -> plan(t, What.VIRTUAL_START, null, "javaThreadId", "eventThread");
                case VIRTUAL_THREAD_END -> plan(t, What.VIRTUAL_END, null, "javaThreadId");
                case THREAD_SLEEP -> plan(t, What.STATE, ThreadState.SLEEPING, "duration", "eventThread");
                case THREAD_PARK, MONITOR_WAIT -> plan(t, What.STATE, ThreadState.WAITING, "duration", "eventThread");
                case MONITOR_ENTER -> plan(t, What.STATE, ThreadState.BLOCKED, "duration", "eventThread");
                case SOCKET_READ, SOCKET_WRITE -> plan(t, What.STATE, ThreadState.IO, "duration", "eventThread");
                default -> null;
            };
            if (p != null) {
                if (t.id == METADATA_TYPE || t.id == CHECKPOINT_TYPE) {
                    throw new JfrFormatException("event type " + t.name + " has id " + t.id);
                }
                byTypeId.put(t.id, p);
            }
        }
        lastPlans = new Plans(layouts, byTypeId);
        return byTypeId;
    }

    // RecordingFile takes the first field as the start and, if the type has a duration, the
    // second as that: this reader insists the names agree.
    private static EventPlan plan(Type t, What what, ThreadState state, String... needed) throws JfrFormatException {
        if (t.fields.isEmpty() || !t.fields.get(0).name().equals("startTime") || !t.fields.get(0).is(Kind.INTEGER)) {
            throw new JfrFormatException(t.name + " does not start with its start time");
        }
        Field duration = t.field("duration");
        if (duration != null && (t.fields.indexOf(duration) != 1 || !duration.is(Kind.INTEGER))) {
            throw new JfrFormatException(t.name + " has its duration elsewhere");
        }
        int last = duration == null ? 0 : 1;
        for (String name : needed) {
            Field f = t.field(name);
            if (f == null) {
                throw new JfrFormatException(t.name + " without " + name);
            }
            last = Math.max(last, t.fields.indexOf(f));
        }
        byte[] roles = new byte[last + 1];
        roles[0] = START_TIME;
        if (duration != null) {
            roles[1] = DURATION;
        }
        for (String name : needed) {
            Field f = t.field(name);
            boolean threadKey = f.isKey() && f.type().name.equals(JfrLayouts.THREAD);
            roles[t.fields.indexOf(f)] = switch (name) {
                case "thread" -> expect(f, threadKey, THREAD);
                case "parentThread" -> expect(f, threadKey, PARENT);
                case "eventThread" -> expect(f, threadKey, EVENT_THREAD);
                case "javaThreadId" -> expect(f, f.is(Kind.INTEGER), JAVA_THREAD_ID);
                default -> roles[t.fields.indexOf(f)]; // duration, already placed
            };
        }
        return new EventPlan(what, state, roles, t);
    }

    private void accept(EventPlan plan) throws JfrFormatException {
        long startTick = 0;
        long durationTicks = 0;
        long javaThreadId = 0;
        PooledThread eventThread = null;
        PooledThread thread = null;
        PooledThread parent = null;
        for (int i = 0; i < plan.roles.length; i++) {
            switch (plan.roles[i]) {
                case START_TIME -> startTick = in.readLong();
                case DURATION -> durationTicks = in.readLong();
                case JAVA_THREAD_ID -> javaThreadId = in.readLong();
                case EVENT_THREAD -> eventThread = threads.get(in.readLong());
                case THREAD -> thread = threads.get(in.readLong());
                case PARENT -> parent = threads.get(in.readLong());
                default -> JfrLayouts.skip(in, plan.type.fields.get(i));
            }
        }
        long startNs = epochNs(startTick);
        switch (plan.what) {
            case MARK -> kept.mark(startNs);
            case THREAD_START -> {
                if (thread != null) {
                    Object group = thread.hasGroup && groupNames.containsKey(thread.groupKey) ? groupNames.get(
                            thread.groupKey) : "";
                    kept.platformStart(thread.id(), thread.name(), (String) group, parent == null ? -1 : parent.id(),
                            parent == null ? null : parent.name(), startNs);
                }
            }
            case VIRTUAL_START -> kept.virtualStart(javaThreadId, eventThread == null ? "" : eventThread.name(), startNs);
            case THREAD_END -> {
                if (thread != null) {
                    kept.end(thread.id(), startNs);
                }
            }
            case VIRTUAL_END -> kept.end(javaThreadId, startNs);
            case STATE -> {
                if (eventThread != null) {
                    kept.state(eventThread.id(), startNs, epochNs(startTick + durationTicks), plan.state);
                }
            }
        }
    }

    private long epochNs(long ticks) {
        return startNanos + (long) ((ticks - startTicks) / ticksPerNano);
    }
}
