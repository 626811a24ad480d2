package org.threadlab.grade;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a grading child runs: in a bubblewrap ({@code bwrap}) sandbox of its own, or, only when
 * the instructor asks, without one.
 *
 * <p>The sandbox has new user, PID, network, IPC and UTS namespaces (nothing the submission starts
 * outlives it; no network), a read-only view of {@code /usr} and {@code /etc}, the JDK and the
 * kernel's jars, a private {@code /dev}, a small private {@code /tmp}, and a private writable
 * scratch folder ({@link #SCRATCH_BYTES}, a tmpfs) as its working directory; no {@code /proc}, so no process can read another's (or
 * its own) memory or reopen a descriptor through it. Nothing else of the machine is visible: not
 * the submissions, the hidden tests, the output folder or anyone's home. When the grader runs as
 * root, each job slot's child runs as an unused uid of its own, so it owns nothing outside its
 * scratch folder and its process limit counts only its own threads. Each grader process takes a
 * block of {@link #SLOTS} uids from {@link #BASE_UID} up, chosen by its pid, so that two graders
 * running at once on one machine never share a uid (nor kill each other's children when reaping).
 * A {@link Seccomp} filter denies {@code ptrace} and its kin, so no process in it can read the
 * grading JVM's memory (its result key) or steal its descriptors.
 *
 * <p>Immutable.
 */
final class Sandbox {
    /** First uid used for children when the grader runs as root; slots add to it. */
    static final int BASE_UID = 2_100_000_000;
    /** Uids per grader process: the most job slots. */
    static final int SLOTS = 1024;
    /** This grader's first uid: blocks stay below 2^31 (Java's uid attribute is an int). */
    private static final int FIRST_UID = BASE_UID + (int) (ProcessHandle.current().pid() % ((Integer.MAX_VALUE - BASE_UID) / SLOTS)) * SLOTS;
    static final String SCRATCH = "/scratch";
    private static final long TMP_BYTES = 64L << 20;
    /** The working directory's size: a tmpfs of its own, so a notebook cannot fill the machine's disk. */
    static final long SCRATCH_BYTES = 256L << 20;

    private final boolean enabled;
    private final boolean root;

    private Sandbox(boolean enabled, boolean root) {
        this.enabled = enabled;
        this.root = root;
    }

    /** No sandbox: the child runs as the grader's user with the machine in view ({@code --no-sandbox}). */
    static Sandbox none() {
        return new Sandbox(false, false);
    }

    /** A bubblewrap sandbox, after checking that one starts here; else one sentence saying why not. */
    static Sandbox bubblewrap() {
        boolean root = isRoot();
        Sandbox s = new Sandbox(true, root);
        String problem;
        try {
            Path scratch = Files.createTempDirectory("threadlab-sandbox-check");
            try {
                s.prepare(scratch, 0);
                Process p = new ProcessBuilder(s.wrap(List.of("/bin/true"), scratch, 0, List.of(), 0, 1L << 30, scratch))
                        .redirectErrorStream(true).start();
                p.getOutputStream().close();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    problem = "it did not start within 20 s";
                } else {
                    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    problem = p.exitValue() == 0 ? null : said.isEmpty() ? "exit code " + p.exitValue() : said.lines().findFirst().orElse("");
                }
            } finally {
                deleteTree(scratch);
            }
        } catch (IOException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem != null) {
            throw new IllegalArgumentException("the bubblewrap sandbox (bwrap) cannot run here (" + problem
                    + "); install Debian's bubblewrap and allow user namespaces, or pass --no-sandbox to grade"
                    + " without one (every report records it).");
        }
        return s;
    }

    boolean enabled() {
        return enabled;
    }

    /** Makes {@code scratch} the slot's to write (its owner when the grader is root). */
    void prepare(Path scratch, int slot) throws IOException {
        if (enabled && root) {
            Files.setAttribute(scratch, "unix:uid", FIRST_UID + slot);
            Files.setAttribute(scratch, "unix:gid", FIRST_UID + slot);
        }
    }

    /**
     * {@code command} to run in the sandbox with {@code scratch} as its working directory and
     * {@code readOnly} files (jars, the class archive) visible at their own paths. Without a
     * sandbox it runs in {@code scratch} under the same address-space limit, when util-linux's
     * {@code prlimit} is there.
     *
     * @param threads      the most processes and threads the child may have (enforced by the kernel
     *                     when the grader runs as root; 0 for no limit)
     * @param addressSpace the most virtual memory, in bytes, each process of the child may map
     *                     (RLIMIT_AS: heap, stacks, mappings, malloc, all of it; 0 for no limit)
     * @param filterFolder a folder private to the grader where the seccomp filter is written for
     *                     bwrap to read (through a shell that opens it as descriptor 3)
     */
    List<String> wrap(List<String> command, Path scratch, int slot, List<Path> readOnly, int threads, long addressSpace,
                      Path filterFolder) throws IOException {
        if (!enabled) {
            List<String> c = new ArrayList<>();
            Path prlimit = Path.of("/usr/bin/prlimit");
            if (addressSpace > 0 && Files.isExecutable(prlimit)) {
                // the sandbox sets this too: glibc's default of 8 arenas per core would reserve 64 MB each
                c.addAll(List.of("/usr/bin/env", "MALLOC_ARENA_MAX=2", prlimit.toString(), "--as=" + addressSpace));
            }
            c.addAll(command);
            return c;
        }
        List<String> c = new ArrayList<>();
        byte[] filter = Seccomp.denyProcessAccess(System.getProperty("os.arch"));
        if (filter != null) {
            Path file = Files.write(filterFolder.resolve("seccomp.bpf"), filter);
            c.addAll(List.of("/bin/sh", "-c", "exec \"$@\" 3<\"$0\"", file.toString()));
        }
        if (root) {
            int uid = FIRST_UID + slot;
            c.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        }
        // limits from outside the JVM, which nothing inside can raise: lowering them needs no root
        List<String> limits = new ArrayList<>();
        if (root && threads > 0) {
            limits.add("--nproc=" + threads); // without root it would count every process of the user
        }
        if (addressSpace > 0) {
            limits.add("--as=" + addressSpace);
        }
        if (!limits.isEmpty()) {
            c.add("prlimit");
            c.addAll(limits);
        }
        c.add("bwrap");
        if (filter != null) {
            c.addAll(List.of("--seccomp", "3"));
        }
        c.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
                "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", SCRATCH, "--setenv", "LANG", "C.UTF-8",
                "--setenv", "MALLOC_ARENA_MAX", "2", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"));
        for (String top : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            Path p = Path.of("/", top);
            try {
                if (Files.isSymbolicLink(p)) {
                    c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
                } else if (Files.isDirectory(p)) {
                    c.addAll(List.of("--ro-bind", p.toString(), p.toString()));
                }
            } catch (IOException e) {
                // not there: nothing to show
            }
        }
        String javaHome = System.getProperty("java.home");
        // without /proc the loader cannot resolve $ORIGIN, which the java launcher uses to find libjli.so
        c.addAll(List.of("--setenv", "LD_LIBRARY_PATH", javaHome + "/lib"));
        if (!javaHome.startsWith("/usr/")) {
            c.addAll(List.of("--ro-bind", javaHome, javaHome));
        }
        c.addAll(List.of("--dev", "/dev", "--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp"));
        for (Path p : readOnly) {
            if (!p.toString().startsWith("/usr/") && Files.exists(p)) {
                c.addAll(List.of("--ro-bind", p.toString(), p.toString()));
            }
        }
        // nothing is read back from the working directory, so it need not be the host's scratch folder
        c.addAll(List.of("--size", Long.toString(SCRATCH_BYTES), "--tmpfs", SCRATCH, "--remount-ro", "/", "--chdir", SCRATCH, "--"));
        c.addAll(command);
        return c;
    }

    /**
     * Waits (up to 5 s) until no process of the slot's uid is left, killing any it finds: the
     * kernel ends a PID namespace's processes asynchronously, and the slot's next child must
     * start with none (its process limit counts them). Only when the grader is root. Zombies are
     * not waited for: they run nothing and hold no file, and the sandbox's own bwrap is left as
     * one for the machine's init to reap, which took 1.2–1.7 s per submission here.
     */
    void reap(int slot) throws InterruptedException {
        if (!enabled || !root) {
            return;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<Long> left = new ArrayList<>();
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    try {
                        if (name.chars().allMatch(Character::isDigit)
                                && ((Integer) Files.getAttribute(p, "unix:uid")) == FIRST_UID + slot && !isZombie(p)) {
                            left.add(Long.parseLong(name));
                        }
                    } catch (IOException e) {
                        // ended while we looked
                    }
                }
            } catch (IOException e) {
                return;
            }
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return;
            }
            left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            Thread.sleep(20);
        }
    }

    /** Whether {@code /proc/PID} is a zombie: ended, waiting only for its parent to read its status. */
    private static boolean isZombie(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        int close = stat.lastIndexOf(')'); // the command name in parentheses may itself hold ") "
        return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    }

    /** The class path's entries, which the child needs to see. */
    static List<Path> classPath() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                out.add(Path.of(e).toAbsolutePath());
            }
        }
        return out;
    }

    /**
     * The grader's class path as this sandbox's child can read it. A child that runs as a uid of its
     * own (the grader is root) cannot read jars below a folder only root may enter (a checkout in
     * {@code /root}, a private temp folder): then the jars are copied, once per set of jars (their
     * paths, sizes and times name the copy), into a world-readable folder in the temp folder.
     */
    List<Path> readableClassPath() throws IOException {
        List<Path> cp = classPath();
        if (!enabled || !root || cp.stream().allMatch(Sandbox::everyoneCanRead) || !cp.stream().allMatch(Files::isRegularFile)) {
            return cp;
        }
        StringBuilder key = new StringBuilder();
        for (Path p : cp) {
            key.append(p).append('|').append(Files.size(p)).append('|').append(Files.getLastModifiedTime(p).toMillis()).append('\n');
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir = tmp.resolve("threadlab-grade-lib-" + Integer.toHexString(key.toString().hashCode()));
        List<Path> copies = new ArrayList<>();
        for (int i = 0; i < cp.size(); i++) {
            copies.add(dir.resolve(i + "-" + cp.get(i).getFileName()));
        }
        if (!Files.isDirectory(dir)) {
            Path fresh = Files.createTempDirectory(tmp, "threadlab-grade-lib-new");
            for (int i = 0; i < cp.size(); i++) {
                Path c = Files.copy(cp.get(i), fresh.resolve(copies.get(i).getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("r--r--r--"));
            }
            Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("r-xr-xr-x"));
            try {
                Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) { // another grader made it first
                Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rwx------"));
                deleteTree(fresh);
            }
        }
        return copies;
    }

    /** Whether any user may read {@code p}: it is readable by others, and so is every folder above it. */
    private static boolean everyoneCanRead(Path p) {
        try {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_READ)) {
                return false;
            }
            for (Path d = p.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
                if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Deletes a folder and everything in it, as far as it can. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left for the system's temp cleaner
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // left for the system's temp cleaner
        }
    }
}
