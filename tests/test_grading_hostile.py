"""Hostile submissions, one per kind of attack, graded in one batch beside honest ones.

    THREADLAB_KERNEL_NAME=threadlab-i11 /usr/bin/python3 -m unittest -v tests/test_grading_hostile.py

Each attack is the assignment as handed out (worth 0) plus cells that try to get marks, crash the
batch, damage something or escape a limit; a few are the correct solution plus an attack that must
not cost it its marks. The test then checks the scores, that nothing outside the output folder
changed, that no process a submission started is alive, and that no output file exceeds its cap.
"""
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_grading import EXAMPLES, ROOT, SUBMISSIONS, sandboxed_processes

OUTPUT_CAP = 256 * 1024
TIME_LIMIT = 45
CELL_TIME_LIMIT = 10
LONG_NAME = "student-with-a-very-long-name-" + "x" * 150 + "\x01\x7f"

# the hidden tests' step labels, as the grader names them
LABELS = ["hidden test cell %d (%s)" % (i + 1, g) for i, g in enumerate(["test_sum", "test_pool", "test_counter", "test_bank"])]

FORGE = r'''
var raw = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
String fake = "{\"name\": \"x\", \"tests\": []}";
for (int seq = 0; seq < 12; seq++) {
    for (String label : new String[] {%s}) {
        String payload = "{\"step\": \"" + label + "\", \"report\": " + org.threadlab.json.Json.quote(fake) + "}";
        raw.println("\u001eTLG " + seq + " RESULT " + "ab".repeat(32) + " " + payload);
    }
    raw.println("\u001eTLG " + seq + " PROGRESS " + "00".repeat(32) + " {\"state\": \"DONE\", \"step\": \"x\"}");
}
''' % ", ".join(json.dumps(l) for l in LABELS)

REMEMBER = r'''
var all = new java.util.ArrayList<org.threadlab.grade.TestResult>();
for (String n : new String[] {"sumIsRight", "runsConcurrently", "drainsEveryItem", "leavesNoThreadRunning",
        "countsEveryIncrement", "sameResultEveryRun", "noDeadlock", "keepsTheMoney"})
    all.add(new org.threadlab.grade.TestResult(n, org.threadlab.grade.TestResult.Status.PASSED, 1, 2, 2, "", null, null, ""));
var fake = new org.threadlab.grade.TestReport("all passed", all);
Thread.ofPlatform().daemon().start(() -> {
    while (true) { org.threadlab.ThreadLab.rememberJUnit(fake); try { Thread.sleep(1); } catch (InterruptedException e) { } }
});
'''

SHADOW = [
    "class SumTask { static long parallelSum(long from, long to, int threads) { return 0; } }",
    "class SafeCounter { void increment() { } long get() { return 0; } }",
    "static void assertEquals(long expected, long actual) { }\n"
    "static void assertEquals(long expected, long actual, String message) { }\n"
    "static void assertEquals(Object expected, Object actual) { }\n"
    "static void assertArrayEquals(int[] expected, int[] actual, String message) { }\n"
    "static <T> T assertSameResult(int runs, java.util.concurrent.Callable<T> body) { return null; }\n"
    "static org.threadlab.record.Recording assertRanConcurrently(int k, org.threadlab.grade.ThrowingRunnable body) { return null; }",
]

ORPHANS = r'''
new ProcessBuilder("sh", "-c", "setsid sh -c 'sleep 600 & sleep 600' >/dev/null 2>&1 & (sleep 600 &) ; exit 0").start().waitFor();
java.nio.file.Files.writeString(java.nio.file.Path.of("Sleeper.java"),
        "class Sleeper { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }");
new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx32m", "Sleeper.java").start();
Thread.sleep(3000);
'''

UNSTOPPABLE = r'''
new ProcessBuilder("sh", "-c", "setsid sh -c 'sleep 600 & sleep 600' >/dev/null 2>&1 &").start().waitFor();
new java.util.concurrent.Semaphore(0).acquireUninterruptibly();   // no stop check, no interrupt: only the kill ends it
'''

ESCAPE = r'''
for (String p : new String[] {%s, "/etc/threadlab-pwned", "/usr/threadlab-pwned", "/threadlab-pwned",
        "/tmp/threadlab-pwned", "scratch-file"}) {
    try { java.nio.file.Files.writeString(java.nio.file.Path.of(p), "pwned"); System.out.println("wrote " + p); }
    catch (Exception e) { System.out.println("could not write " + p); }
}
for (String p : new String[] {%s}) System.out.println(p + (java.nio.file.Files.exists(java.nio.file.Path.of(p)) ? " is visible" : " is not visible"));
'''

FLOOD = r'''
var raw = new java.io.FileOutputStream(java.io.FileDescriptor.out);
var err = new java.io.FileOutputStream(java.io.FileDescriptor.err);
byte[] mb = "flood flood flood flood flood flood flood\n".repeat(25_000).getBytes();
for (int i = 0; i < 30; i++) { raw.write(mb); err.write(mb); }
'''

BAD_BYTES = r'''
new java.io.FileOutputStream(java.io.FileDescriptor.out).write(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, '\n'});
Thread.currentThread().setName("bad \ud800 name");
System.out.println("lone \ud800 surrogate, nul \u0000, bell \u0007, escape \u001b[31m red");
class SumTask { static long parallelSum(long a, long b, int n) { throw new IllegalStateException("\udc00 broken \u0007"); } }
'''

EVIL_TOSTRING = r'''
class Evil extends RuntimeException {
    @Override public String toString() { while (true) Thread.onSpinWait(); }
    @Override public String getMessage() { return toString(); }
}
throw new Evil();
'''

THREADS = r'''
for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().contains("watchdog")) t.interrupt();
Thread.sleep(200);
for (int i = 0; i < 1500; i++) Thread.ofPlatform().daemon().start(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } });
'''

MEMORY = r'''
try {
    var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe"); f.setAccessible(true);
    var u = (sun.misc.Unsafe) f.get(null);
    long a = u.allocateMemory(1_500_000_000L); u.setMemory(a, 1_500_000_000L, (byte) 1);
    System.out.println("unsafe allocated 1.5 GB");
} catch (Throwable t) { System.out.println("unsafe denied: " + t.getClass().getSimpleName()); }
var keep = new java.util.ArrayList<java.nio.ByteBuffer>();
try { for (int i = 0; i < 450; i++) keep.add(java.nio.ByteBuffer.allocateDirect(1 << 20)); System.out.println("direct 450 MB"); }
catch (Throwable t) { System.out.println("direct denied after " + keep.size() + " MB"); }
keep.clear();
'''

HEAP_DUMP = r'''
try {
    var mx = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
    mx.dumpHeap("heap.hprof", true);
    System.out.println("heap dumped");
} catch (Throwable t) { System.out.println("no heap dump: " + t.getClass().getSimpleName()); }
try {
    var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
    server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapDump",
            new Object[] {new String[] {"heap2.hprof"}}, new String[] {String[].class.getName()});
    System.out.println("heap dumped by command");
} catch (Throwable t) { System.out.println("no heap dump by command: " + t.getClass().getSimpleName()); }
for (var t : Thread.getAllStackTraces().keySet()) {
    try { for (var f : t.getClass().getDeclaredFields()) { f.setAccessible(true); } System.out.println("opened Thread"); break; }
    catch (Throwable e) { System.out.println("Thread stays closed"); break; }
}
'''

# limits from outside the JVM (RLIMIT_AS, RLIMIT_NPROC): stacks, mappings and other processes' threads
HUGE_STACKS = r'''
class Deep { static long down(long n) { long a = n, b = n + 1, c = n + 2, d = n + 3; return n == 0 ? 0 : a + b + c + d + down(n - 1) - a - b - c - d + 1; } }
for (int k = 1; k <= 3; k++) {
    int id = k;
    var touched = new java.util.concurrent.CountDownLatch(1);
    Thread t = new Thread(null, () -> {
        Deep.down(1_000_000);   // about 100 MB of its stack
        System.out.println("huge-stack thread " + id + " touched its stack");
        touched.countDown();
        try { Thread.sleep(600_000); } catch (InterruptedException e) { }
    }, "huge-" + k, 1L << 30);
    t.setDaemon(true);
    t.start();
    System.out.println("huge-stack thread " + k + " started");
    touched.await();
}
'''

MANY_STACKS = r'''
class Deep { static long down(long n) { long a = n, b = n + 1, c = n + 2, d = n + 3; return n == 0 ? 0 : a + b + c + d + down(n - 1) - a - b - c - d + 1; } }
for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().contains("watchdog")) t.interrupt();
for (int i = 0; i < 1500; i++) Thread.ofPlatform().daemon().start(() -> {
    Deep.down(1_000);   // touches its stack, some 100 KB of its 1 MB: cheap enough for 1000 threads on 2 busy cores
    try { Thread.sleep(600_000); } catch (InterruptedException e) { }
});
'''

WIDE_STACKS = r'''
class Deep { static long down(long n) { long a = n, b = n + 1, c = n + 2, d = n + 3; return n == 0 ? 0 : a + b + c + d + down(n - 1) - a - b - c - d + 1; } }
int started = 0;
try {
    for (; started < 100; started++) {
        new Thread(null, () -> {
            Deep.down(20_000);
            try { Thread.sleep(600_000); } catch (InterruptedException e) { }
        }, "wide", 64L << 20).start();
        System.out.println("started " + (started + 1) + " threads of 64 MB");
    }
} finally { System.out.println("started " + started + " threads of 64 MB in all"); }
'''

MAPPED = r'''
var keep = new java.util.ArrayList<java.nio.MappedByteBuffer>();
long sum = 0;
try (var ch = java.nio.channels.FileChannel.open(java.nio.file.Path.of("big"), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
    ch.write(java.nio.ByteBuffer.wrap(new byte[] {1}), (8L << 30) - 1);   // 8 GB, sparse
    for (long at = 0; at < (8L << 30); at += 256L << 20) {
        var m = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, at, 256L << 20);
        sum += m.get(0);
        keep.add(m);
    }
} catch (Throwable t) { System.out.println("map stopped: " + t); }
System.out.println("mapped " + keep.size() * 256 + " MB of an 8 GB file");
keep.clear();
long tmp = 0;
try (var out = new java.io.FileOutputStream("/tmp/fill")) {
    byte[] mb = new byte[1 << 20];
    for (int i = 0; i < 200; i++) { out.write(mb); tmp++; }
} catch (java.io.IOException e) { System.out.println("/tmp full: " + e.getMessage()); }
System.out.println("wrote " + tmp + " MB to /tmp");
java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("/tmp/fill"));
java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("big"));
long here = 0;
try (var out = new java.io.FileOutputStream("fill")) {   // the working directory: the machine's disk, unless capped
    byte[] mb = new byte[1 << 20];
    for (int i = 0; i < 1024; i++) { out.write(mb); here++; }
} catch (java.io.IOException e) { System.out.println("working directory full: " + e.getMessage()); }
System.out.println("wrote " + here + " MB to the working directory");
java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("fill"));
System.gc();
'''

PROCESSES = r'''
// threads of another process: the JVM's watchdog cannot see them, only the kernel's process limit counts them
var py = new ProcessBuilder("python3", "-c", """
import threading, time
threading.stack_size(65536)
n = 0
try:
    for i in range(1500):
        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
        n += 1
except RuntimeError as e:
    print("stopped:", e)
print("started", n, "threads in another process", flush=True)
time.sleep(2)
""").redirectErrorStream(true).start();
py.getInputStream().transferTo(System.out);
py.waitFor();
'''


# honest but noisy: threads write far more than PIPE_BUF (4 KB) at a time to fd 1 and 2 while the hidden tests report
NOISY = r"""
var noise = new java.util.ArrayList<Thread>();
for (int i = 0; i < 4; i++) {
    int n = i;
    noise.add(Thread.ofPlatform().daemon().name("noise-" + i).start(() -> {
        var fd = new java.io.FileOutputStream(n % 2 == 0 ? java.io.FileDescriptor.out : java.io.FileDescriptor.err);
        byte[] big = ("noise " + n + " ").repeat(150_000).getBytes();     // about 1 MB, no newline
        byte[] chunk = ("0 RESULT " + "ab".repeat(32) + " {\"noise\": " + n + "}\n").repeat(1200).getBytes();  // 100 KB
        try {
            fd.write(big);
            while (true) { fd.write(chunk); Thread.sleep(100); }   // 100 KB writes, 20 a second: not a CPU hog
        } catch (Exception e) { }
    }));
}
"""

# the result channel's socket is gone once the child connected; its folder is visible (read-only) in /tmp
CONNECT = r"""
var found = new java.util.ArrayList<java.nio.file.Path>();
try (var walk = java.nio.file.Files.walk(java.nio.file.Path.of("/tmp"), 3)) { walk.forEach(found::add); }
catch (Exception e) { }
try (var walk = java.nio.file.Files.walk(java.nio.file.Path.of("."), 2)) { walk.forEach(found::add); } catch (Exception e) { }
for (var p : found) {
    try (var ch = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(p))) {
        ch.write(java.nio.ByteBuffer.wrap("0 PROGRESS 00 {}\n".getBytes()));
        System.out.println("connected to " + p);
    } catch (Exception e) { }
}
for (String name : new String[] {"results.sock", "seccomp.bpf"})
    System.out.println(name + (found.stream().anyMatch(p -> p.endsWith(name)) ? " seen" : " not seen"));
System.out.println("tried " + found.size() + " paths");
"""

# reflection on everything of ours, from every static field and every live thread, looking for what signs
REFLECT = r"""
var seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Object, Boolean>());
var todo = new java.util.ArrayDeque<Object>();
int classes = 0;
for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
    if (!entry.endsWith(".jar")) continue;
    try (var jar = new java.util.jar.JarFile(entry)) {
        for (var e : java.util.Collections.list(jar.entries())) {
            String n = e.getName();
            if (!n.startsWith("org/threadlab/") || !n.endsWith(".class")) continue;
            try {
                Class<?> c = Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, ClassLoader.getSystemClassLoader());
                classes++;
                for (var f : c.getDeclaredFields()) {
                    if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
                    try { f.setAccessible(true); Object v = f.get(null); if (v != null) todo.add(v); } catch (Throwable t) { }
                }
            } catch (Throwable t) { }
        }
    } catch (Exception e) { }
}
for (var t : Thread.getAllStackTraces().keySet()) { todo.add(t); todo.add(t.getContextClassLoader() == null ? "" : t.getContextClassLoader()); }
Object sender = null;
var hits = new java.util.TreeSet<String>();
int objects = 0;
while (!todo.isEmpty() && objects < 3_000_000) {
    Object o = todo.poll();
    if (o == null || !seen.add(o)) continue;
    objects++;
    String cn = o.getClass().getName();
    if (cn.endsWith("GradeProtocol$Sender")) { sender = o; hits.add(cn); }
    if (o instanceof java.nio.channels.SocketChannel || cn.contains("UnixDomain")) hits.add(cn);
    if (o instanceof java.nio.ByteBuffer b && b.isDirect() && b.capacity() == 64) hits.add("a 64-byte direct buffer");
    if (o instanceof Object[] a) { for (Object x : a) if (x != null) todo.add(x); continue; }
    if (o instanceof java.util.Map<?, ?> m) { try { for (var e : m.entrySet()) { todo.add(e.getKey()); todo.add(e.getValue()); } } catch (Throwable t) { } }
    else if (o instanceof Iterable<?> it && !(o instanceof java.nio.file.Path)) { try { for (Object x : it) todo.add(x); } catch (Throwable t) { } }
    for (Class<?> c = o.getClass(); c != null; c = c.getSuperclass()) {
        for (var f : c.getDeclaredFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
            try { f.setAccessible(true); Object v = f.get(o); if (v != null) todo.add(v); } catch (Throwable t) { }
        }
    }
}
System.out.println("walked " + objects + " objects from " + classes + " classes; found " + (hits.isEmpty() ? "nothing that signs" : hits));
if (sender != null) {
    var send = sender.getClass().getMethod("send", org.threadlab.grade.GradeProtocol.Kind.class, java.util.Map.class);
    var all = new java.util.ArrayList<org.threadlab.grade.TestResult>();
    for (String n : new String[] {"sumIsRight", "runsConcurrently", "drainsEveryItem", "leavesNoThreadRunning",
            "countsEveryIncrement", "sameResultEveryRun", "noDeadlock", "keepsTheMoney"})
        all.add(new org.threadlab.grade.TestResult(n, org.threadlab.grade.TestResult.Status.PASSED, 1, 2, 2, "", null, null, ""));
    for (String label : new String[] {%s})
        send.invoke(sender, org.threadlab.grade.GradeProtocol.Kind.RESULT, java.util.Map.of("step", label, "report", new org.threadlab.grade.TestReport("x", all)));
    send.invoke(sender, org.threadlab.grade.GradeProtocol.Kind.PROGRESS, java.util.Map.of("state", "DONE", "step", "x"));
    Runtime.getRuntime().halt(0);
}
""" % ", ".join(json.dumps(l) for l in LABELS)

# another process reads or drives the grading JVM: ptrace, process_vm_readv, pidfd_getfd, the attach API, jcmd
PROCESS_ACCESS = r"""
long pid = ProcessHandle.current().pid();
String probe = String.join("\n",
    "import ctypes, os, sys",
    "libc = ctypes.CDLL(None, use_errno=True)",
    "pid = int(sys.argv[1])",
    "def err(r): return 'worked' if r >= 0 else os.strerror(ctypes.get_errno())",
    "r = libc.ptrace(16, pid, 0, 0)",
    "print('ptrace:', err(r), flush=True)",
    "if r == 0: os.waitpid(pid, 0); libc.ptrace(17, pid, 0, 0)",
    "buf = ctypes.create_string_buffer(8)",
    "class V(ctypes.Structure): _fields_ = [('b', ctypes.c_void_p), ('n', ctypes.c_size_t)]",
    "print('process_vm_readv:', err(libc.syscall(310, pid, ctypes.byref(V(ctypes.cast(buf, ctypes.c_void_p), 8)), 1, ctypes.byref(V(0x400000, 8)), 1, 0)))",
    "fd = libc.syscall(434, pid, 0)",
    "print('pidfd_getfd:', err(libc.syscall(438, fd, 3, 0)))");
var py = new ProcessBuilder("/usr/bin/python3", "-c", probe, Long.toString(pid)).redirectErrorStream(true).start();
System.out.print(new String(py.getInputStream().readAllBytes()));
try {
    com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid)).detach();
    System.out.println("self-attach: worked");
} catch (Throwable t) { System.out.println("self-attach: failed"); }
java.nio.file.Files.writeString(java.nio.file.Path.of("Attach.java"),
    "public class Attach { public static void main(String[] a) { try { com.sun.tools.attach.VirtualMachine.attach(a[0]).detach();"
    + " System.out.println(\"child attach: worked\"); } catch (Throwable t) { System.out.println(\"child attach: failed\"); } } }");
String bin = System.getProperty("java.home") + "/bin/";
var child = new ProcessBuilder(bin + "java", "-Xmx64m", "Attach.java", Long.toString(pid)).redirectErrorStream(true).start();
System.out.print(new String(child.getInputStream().readAllBytes()));
var jcmd = new ProcessBuilder(bin + "jcmd", Long.toString(pid), "GC.heap_dump", "/scratch/jcmd.hprof").redirectErrorStream(true).start();
jcmd.getInputStream().readAllBytes();
System.out.println("jcmd: " + (java.nio.file.Files.exists(java.nio.file.Path.of("jcmd.hprof")) ? "worked" : "failed"));
"""

# a cell makes a JShell of its own, in this JVM, and runs code in it
JSHELL = r"""
for (String engine : new String[] {"local"}) {
    try (var js = jdk.jshell.JShell.builder().executionEngine(engine).build()) {
        var events = js.eval("String.valueOf(Thread.getAllStackTraces().size())");
        System.out.println("jshell " + engine + ": " + events.get(0).status() + " " + events.get(0).value());
    } catch (Throwable t) { System.out.println("jshell " + engine + ": " + t.getClass().getSimpleName()); }
}
"""


def fingerprint(folder):
    """{relative path: (sha256, mtime_ns)} of every file under `folder`."""
    out = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = (hashlib.sha256(f.read()).hexdigest(), os.stat(path).st_mtime_ns)
    return out


def ours_in_tmp():
    """What the grader itself makes in the temp folder (other programs share it)."""
    return {n for n in os.listdir(tempfile.gettempdir())
            if n.startswith(("threadlab-grade-", "threadlab-sandbox")) and not n.endswith(".jsa")
            and not n.startswith(("threadlab-grade-warm", "threadlab-grade-lib-"))}   # a warm-up of another checkout's
    # grader may be running; a copy of the jars that the sandbox's uid can read is kept, as the archive is


class HostileBatchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import nbformat
        cls.dir = tempfile.mkdtemp(prefix="threadlab-hostile-")
        subs, cls.out = os.path.join(cls.dir, "subs"), os.path.join(cls.dir, "out")
        cwd = os.path.join(cls.dir, "cwd")
        os.mkdir(subs)
        os.mkdir(cwd)
        blank = nbformat.read(os.path.join(EXAMPLES, "assignment.ipynb"), 4)
        correct = nbformat.read(os.path.join(SUBMISSIONS, "correct.ipynb"), 4)

        def write(name, base, *cells):
            nb = nbformat.from_dict(json.loads(json.dumps(base)))
            nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
            nbformat.write(nb, os.path.join(subs, name + ".ipynb"))

        def raw(name, text):
            with open(os.path.join(subs, name + ".ipynb"), "w") as f:
                f.write(text)

        hidden_path = os.path.join(EXAMPLES, "hidden-tests.ipynb")
        write("honest-correct", correct)
        write("honest-blank", blank)
        write("forge-frames", blank, FORGE)
        write("remember-junit", blank, REMEMBER)
        write("shadow-helpers", blank, *SHADOW)
        write("halt", blank, "Runtime.getRuntime().halt(0);")
        write("orphans", blank, ORPHANS)
        write("unstoppable", blank, UNSTOPPABLE)
        paths = [os.path.join(subs, "honest-correct.ipynb"), os.path.join(cls.out, "gradebook.csv"), hidden_path,
                 os.path.join(ROOT, "examples"), os.path.expanduser("~")]
        write("escape", blank, ESCAPE % (", ".join(json.dumps(p) for p in paths[:2]), ", ".join(json.dumps(p) for p in paths)))
        write("flood-fd1", blank, FLOOD)
        write("bad-bytes", blank, BAD_BYTES)
        write("evil-tostring", correct, EVIL_TOSTRING)
        write("threads", blank, THREADS)
        write("memory", correct, MEMORY)
        write("heap-dump", blank, HEAP_DUMP)
        write("huge-stacks", blank, HUGE_STACKS)
        write("many-stacks", blank, MANY_STACKS)
        write("wide-stacks", blank, WIDE_STACKS)
        write("mapped-files", correct, MAPPED)
        write("processes", blank, PROCESSES)
        write("noisy-correct", correct, NOISY)
        write("connect-channel", correct, CONNECT)
        write("reflect-sender", blank, REFLECT)
        write("process-access", blank, PROCESS_ACCESS)
        write("jshell-in-a-cell", correct, JSHELL)
        write("gradebook.csv", correct)
        write(LONG_NAME, blank)
        raw("numbers-for-cells", '{"cells": [1, 2, 3], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}')
        raw("numbers-for-source", '{"cells": [{"cell_type": "code", "source": [1, 2], "metadata": {}}], "nbformat": 4, "metadata": {}}')
        raw("deep-nesting", '{"metadata": {"x": ' + "[" * 200_000 + "]" * 200_000 + '}, "cells": []}')
        cls.expected = {"honest-correct": 16, "honest-blank": 0, "forge-frames": 0, "remember-junit": 0, "shadow-helpers": 0,
                        "halt": 0, "orphans": 0, "unstoppable": 0, "escape": 0, "flood-fd1": 0, "bad-bytes": 0, "evil-tostring": 16,
                        "threads": 0, "memory": 16, "heap-dump": 0, "gradebook.csv": 16, LONG_NAME: 0,
                        "numbers-for-cells": 0, "numbers-for-source": 0, "deep-nesting": 0,
                        "huge-stacks": 0, "many-stacks": 0, "wide-stacks": 0, "mapped-files": 16, "processes": 0,
                        "noisy-correct": 16, "connect-channel": 16, "reflect-sender": 0, "process-access": 0,
                        "jshell-in-a-cell": 16}
        cls.examples_before = fingerprint(EXAMPLES)
        cls.subs_before = fingerprint(subs)
        cls.tmp_before = ours_in_tmp()
        env = dict(os.environ)
        t0 = time.monotonic()
        cls.proc = subprocess.run([os.path.join(ROOT, "threadlab"), "grade", "--tests", hidden_path, "--out", cls.out,
                                   "--time-limit", str(TIME_LIMIT), "--cell-time-limit", str(CELL_TIME_LIMIT), "--jobs", "2",
                                   "--gradebook-detail", subs],
                                  capture_output=True, text=True, timeout=900, cwd=cwd, env=env)
        cls.seconds = time.monotonic() - t0
        for _ in range(50):  # the kernel ends a PID namespace's processes asynchronously: give it 5 s
            cls.alive = sandboxed_processes()
            if not cls.alive:
                break
            time.sleep(0.1)
        cls.subs_after = fingerprint(subs)
        cls.examples_after = fingerprint(EXAMPLES)
        cls.tmp_after = ours_in_tmp()
        cls.cwd_after = os.listdir(cwd)
        with open(os.path.join(cls.out, "gradebook.csv"), encoding="utf-8") as f:
            cls.rows = {r["student"]: r for r in csv.DictReader(f)}
        print(f"\nhostile batch: {len(cls.expected)} submissions graded in {cls.seconds:.1f} s "
              f"(load {open('/proc/loadavg').read().split()[0]})", file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def reason(self, student):
        return self.rows[student]["reason"]

    def test_batch_finishes_and_every_submission_has_its_expected_score(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-3000:])
        got = {s: float(r["score"]) for s, r in self.rows.items()}
        self.assertEqual(got, {s: float(v) for s, v in self.expected.items()}, self.proc.stdout)

    def test_nothing_outside_the_output_folder_changed_and_no_temp_files_are_left(self):
        self.assertEqual(self.subs_before, self.subs_after)
        self.assertEqual(self.examples_before, self.examples_after)
        self.assertEqual(self.tmp_after - self.tmp_before, set())
        self.assertEqual(self.cwd_after, [])
        self.assertFalse(os.path.exists("/etc/threadlab-pwned") or os.path.exists("/threadlab-pwned"))

    def test_no_process_a_submission_started_is_alive(self):
        self.assertEqual(self.alive, [])

    def test_no_output_file_exceeds_its_cap(self):
        for dirpath, _, files in os.walk(self.out):
            for name in files:
                size = os.path.getsize(os.path.join(dirpath, name))
                self.assertLess(size, OUTPUT_CAP + 64 * 1024, os.path.join(dirpath, name))

    def test_a_helper_shadowed_by_the_notebook_is_reported(self):
        self.assertIn("the notebook's own assertArrayEquals, assertEquals, assertRanConcurrently, assertSameResult had the name"
                      " of a test helper", self.reason("shadow-helpers"))

    def printed(self, student):
        with open(os.path.join(self.out, student, "output.txt"), encoding="utf-8") as f:
            return f.read()

    def test_result_lines_printed_to_stdout_are_only_output(self):
        # frames travel on the result channel: what the notebook prints is never one, however it looks
        self.assertIn("\u001eTLG 0 RESULT", self.printed("forge-frames"))
        self.assertNotIn("made to look like grading results", self.reason("forge-frames"))

    def test_large_writes_from_many_threads_cannot_split_a_result(self):
        self.assertEqual(float(self.rows["noisy-correct"]["score"]), 16.0, self.reason("noisy-correct"))
        self.assertNotIn("made to look like", self.reason("noisy-correct"))
        self.assertIn("[output cut here: more than 256 KB]", self.printed("noisy-correct"))

    def test_nothing_can_connect_to_the_result_channel(self):
        printed = self.printed("connect-channel")
        self.assertNotIn("connected to", printed)
        self.assertIn("results.sock not seen", printed)
        self.assertIn("seccomp.bpf seen", printed)   # its folder is in view, read-only: the walk did reach it

    def test_reflection_on_our_classes_reaches_nothing_that_signs(self):
        printed = self.printed("reflect-sender")
        self.assertRegex(printed, r"walked \d{3,} objects from \d{3,} classes; found nothing that signs")

    def test_no_other_process_can_read_or_drive_the_grading_jvm(self):
        printed = self.printed("process-access")
        for line in ["ptrace: Operation not permitted", "process_vm_readv: Operation not permitted",
                     "pidfd_getfd: Operation not permitted", "self-attach: failed", "child attach: failed", "jcmd: failed"]:
            self.assertIn(line, printed)

    def test_a_jshell_made_by_a_cell_does_not_disturb_grading(self):
        self.assertIn("jshell local: VALID", self.printed("jshell-in-a-cell"))

    def test_the_sandbox_hides_the_machine(self):
        with open(os.path.join(self.out, "escape", "output.txt"), encoding="utf-8") as f:
            printed = f.read()
        self.assertIn("wrote /tmp/threadlab-pwned", printed)   # its own private /tmp
        self.assertIn("wrote scratch-file", printed)           # its own scratch folder
        self.assertIn("could not write /threadlab-pwned", printed)
        self.assertNotIn("wrote /", printed.replace("wrote /tmp/threadlab-pwned", ""))
        self.assertNotIn("is visible", printed)

    def test_limits_hold(self):
        self.assertIn("started more than 1000 threads", self.reason("threads"))
        with open(os.path.join(self.out, "memory", "output.txt"), encoding="utf-8") as f:
            printed = f.read()
        self.assertIn("unsafe denied", printed)
        self.assertIn("direct denied after", printed)
        self.assertNotIn("out of memory", self.reason("memory"))
        with open(os.path.join(self.out, "flood-fd1", "output.txt"), encoding="utf-8") as f:
            self.assertIn("[output cut here: more than 256 KB]", f.read())

    def printed(self, student):
        with open(os.path.join(self.out, student, "output.txt"), encoding="utf-8") as f:
            return f.read()

    def test_the_address_space_limit_covers_thread_stacks(self):
        printed = self.printed("huge-stacks")
        self.assertIn("huge-stack thread 1 touched its stack", printed)   # one 1 GB stack fits in --memory 512's budget
        self.assertNotIn("huge-stack thread 2 started", printed)
        self.assertIn("OutOfMemoryError: unable to create native thread", printed)
        printed = self.printed("wide-stacks")
        started = int(printed.split(" threads of 64 MB in all")[0].rsplit("started ", 1)[1])
        self.assertTrue(10 < started < 30, printed[-500:])   # about 1.4 GB of stacks fit beside a healthy JVM
        self.assertIn("started more than 1000 threads", self.reason("many-stacks"))   # 1 MB stacks: the watchdog stops them first

    def test_the_address_space_limit_covers_mapped_files_and_tmp_and_the_working_directory_are_small(self):
        printed = self.printed("mapped-files")
        self.assertIn("map stopped: java.io.IOException: Map failed", printed)
        mapped = int(printed.split(" MB of an 8 GB file")[0].rsplit("mapped ", 1)[1])
        self.assertTrue(512 <= mapped < 2048, printed[-500:])
        self.assertIn("wrote 64 MB to /tmp", printed)   # the sandbox's /tmp is a 64 MB tmpfs
        # a 256 MB tmpfs, not the machine's disk (the file system keeps a little of it for itself)
        self.assertRegex(printed, r"working directory full: No space left on device\nwrote 25[0-6] MB to the working directory")
        self.assertEqual(self.reason("mapped-files"), "")   # a failed map is the notebook's exception, not the end of grading

    def test_the_process_limit_counts_threads_of_other_processes(self):
        if os.getuid() != 0:
            self.skipTest("the kernel's process limit (prlimit --nproc) is set only when the grader runs as root")
        printed = self.printed("processes")
        self.assertIn("stopped: can't start new thread", printed)
        started = int(printed.split(" threads in another process")[0].rsplit("started ", 1)[1])
        self.assertTrue(1000 < started < 1200, printed[-500:])   # the JVM's own threads count too

    def test_the_secret_stays_out_of_reach(self):
        with open(os.path.join(self.out, "heap-dump", "output.txt"), encoding="utf-8") as f:
            printed = f.read()
        # a heap dump is possible (the JFR-based assertions need jdk.management), but the key is not on the
        # heap (GradeProtocolTest pins that); reflection into the JDK's own classes stays closed
        self.assertIn("Thread stays closed", printed)

    def test_reasons_name_what_happened(self):
        self.assertIn("ended unexpectedly (exit code 0)", self.reason("halt"))
        self.assertIn("not a notebook", self.reason("numbers-for-cells"))
        self.assertIn("not a notebook", self.reason("numbers-for-source"))
        self.assertIn("nested deeper than", self.reason("deep-nesting"))
        self.assertIn(f"cell 8 was stopped after {CELL_TIME_LIMIT}.0 s", self.reason("evil-tostring"))
        self.assertIn(f"timed out after {TIME_LIMIT} s during cell 9", self.reason("unstoppable"))
        with open(os.path.join(self.out, "bad-bytes", "output.txt"), "rb") as f:
            f.read().decode("utf-8")  # valid UTF-8 whatever the notebook printed

    def test_odd_names_get_their_own_folders(self):
        self.assertTrue(os.path.isfile(os.path.join(self.out, "gradebook.csv")))
        folders = os.listdir(self.out)
        self.assertEqual(len(folders), len(self.expected) + 2, folders)   # + gradebook.csv, junit.xml
        self.assertTrue(all(len(f) <= 120 and f.isprintable() for f in folders), folders)


def built_java(test, prefix):
    """The JDK 25 java the grader was built with and a temp folder removed after `test`; skips without that JDK."""
    import glob
    java = os.path.join(os.environ.get("THREADLAB_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    if not os.path.exists(java):
        test.skipTest("needs the JDK 25 the grader was built with: " + java)
    test.assertTrue(glob.glob(os.path.join(ROOT, "kernel", "target", "lib", "*.jar")), "run ./threadlab install first")
    d = tempfile.mkdtemp(prefix=prefix)
    test.addCleanup(shutil.rmtree, d, True)
    return java, d


class SandboxRequiredTest(unittest.TestCase):
    """Without bwrap grading stops with one sentence; --no-sandbox grades anyway and says so in every row."""

    def grade(self, *flags):
        java, d = built_java(self, "threadlab-nosandbox-")
        subs = os.path.join(d, "subs")
        os.mkdir(subs)
        with open(os.path.join(EXAMPLES, "assignment.ipynb"), "rb") as f, open(os.path.join(subs, "blank.ipynb"), "wb") as g:
            g.write(f.read())
        out = os.path.join(d, "out")
        env = dict(os.environ, PATH=d)   # no bwrap, setpriv or prlimit to be found
        p = subprocess.run([java, "-cp", os.path.join(ROOT, "kernel", "target", "lib", "*"), "org.threadlab.grade.Grader",
                            "--tests", os.path.join(EXAMPLES, "hidden-tests.ipynb"), "--out", out, "--time-limit", "60",
                            *flags, subs], capture_output=True, text=True, timeout=300, env=env)
        return p, out

    def test_no_bwrap_stops_with_one_sentence(self):
        p, out = self.grade()
        self.assertEqual(p.returncode, 2, p.stdout + p.stderr)
        self.assertTrue(p.stderr.startswith("threadlab grade: the bubblewrap sandbox (bwrap) cannot run here ("), p.stderr)
        self.assertIn("or pass --no-sandbox to grade without one (every report records it).", p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
        self.assertFalse(os.path.exists(os.path.join(out, "gradebook.csv")))

    def test_no_sandbox_is_recorded_in_the_gradebook(self):
        p, out = self.grade("--no-sandbox", "--gradebook-detail")
        self.assertEqual(p.returncode, 0, p.stderr[-2000:])
        with open(os.path.join(out, "gradebook.csv")) as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([(r["student"], float(r["score"])) for r in rows], [("blank", 0.0)])
        self.assertIn("graded without a sandbox (--no-sandbox)", rows[0]["reason"])


class SecretTest(unittest.TestCase):
    """The grader's side played by this test, which knows the key: GradeMain gets it over the result
    channel and signs with it, yet no heap dump (of garbage too) or flight recording the notebook
    makes holds it, and nothing the notebook prints reaches the channel."""

    CELLS = [
        'var rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile")); rec.start();\n'
        'System.out.println("\\u001eTLG 0 PROGRESS " + "00".repeat(32) + " {}");',
        'var mx = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);\n'
        'mx.dumpHeap("garbage.hprof", false);\nmx.dumpHeap("live.hprof", true);\nrec.dump(java.nio.file.Path.of("flight.jfr"));',
    ]

    def test_the_key_signs_every_frame_but_is_in_no_heap_dump_or_recording(self):
        import hmac, socket, threading
        java, d = built_java(self, "threadlab-secret-")
        path = os.path.join(d, "results.sock")
        server = socket.socket(socket.AF_UNIX)
        server.bind(path)
        server.listen(1)
        key = os.urandom(32)
        steps = [{"label": "cell %d" % (i + 1), "code": c, "test": False, "name": None, "points": 0, "cell": i + 1}
                 for i, c in enumerate(self.CELLS)]
        steps.append({"label": "hidden", "code": "int answer = 42;", "test": True, "name": "hidden", "points": 1, "cell": 10000})
        child = subprocess.Popen([java, "-Xmx256m", "-XX:+DisableAttachMechanism", "-cp", os.path.join(ROOT, "kernel", "target", "lib", "*"),
                                  "org.threadlab.kernel.grading.GradeMain"], cwd=d, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        printed = []
        reader = threading.Thread(target=lambda: printed.append(child.stdout.read()))
        reader.start()
        child.stdin.write((path + "\n" + json.dumps({"steps": steps})).encode())
        child.stdin.close()
        server.settimeout(120)
        try:
            conn, _ = server.accept()
        finally:
            server.close()
        conn.sendall(key)
        received = b""
        conn.settimeout(180)
        while True:
            b = conn.recv(65536)
            if not b:
                break
            received += b
        conn.close()
        child.wait(60)
        reader.join(60)
        child.stdout.close()
        frames = received.decode().splitlines()
        for seq, frame in enumerate(frames):
            n, kind, sig, payload = frame.split(" ", 3)
            self.assertEqual(int(n), seq)
            self.assertEqual(sig, hmac.new(key, f"{n} {kind} {payload}".encode(), "sha256").hexdigest(), frame)
        self.assertIn('"state": "DONE"', frames[-1])
        self.assertTrue(any('"step": "hidden"' in f and "RESULT" in f for f in frames), frames)
        self.assertIn(b"\x1eTLG 0 PROGRESS", printed[0])   # printed, so output: not on the channel
        for name in ["garbage.hprof", "live.hprof", "flight.jfr"]:
            with open(os.path.join(d, name), "rb") as f:
                data = f.read()
            self.assertGreater(len(data), 100_000, name)
            for form in [key, key.hex().encode(), key.hex().upper().encode(), key.hex().encode("utf-16-le")]:
                self.assertNotIn(form, data, name)


if __name__ == "__main__":
    unittest.main()
