package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SeccompTest {
    /** Tries each call on its parent (the shell) from inside the sandbox and prints its errno (0: it worked). */
    private static final String PROBE = String.join("\n",
            "import ctypes, os",
            "libc = ctypes.CDLL(None, use_errno=True)",
            "pid = os.getppid()",
            "def errno(r): return 0 if r >= 0 else ctypes.get_errno()",
            "r = libc.ptrace(16, pid, 0, 0)",
            "print('ptrace', errno(r))",
            "if r == 0: os.waitpid(pid, 0); libc.ptrace(17, pid, 0, 0)",
            "buf = ctypes.create_string_buffer(8)",
            "class IoVec(ctypes.Structure): _fields_ = [('base', ctypes.c_void_p), ('len', ctypes.c_size_t)]",
            "local = IoVec(ctypes.cast(buf, ctypes.c_void_p), 8)",
            "remote = IoVec(0x400000, 8)",
            "r = libc.syscall(310, pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)",
            "print('process_vm_readv', errno(r))",
            "fd = libc.syscall(434, pid, 0)",
            "print('pidfd_getfd', errno(libc.syscall(438, fd, 1, 0)))");

    @Test
    void aProcessInTheSandboxCannotTraceOrReadItsParent() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) && "amd64".equals(System.getProperty("os.arch")),
                "needs python3 (ctypes) on x86-64");
        Sandbox sandbox;
        try {
            sandbox = Sandbox.bubblewrap();
        } catch (IllegalArgumentException e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        // in the temp folder, as the grader makes them: a sandbox uid must be able to reach its scratch folder
        Path scratch = Files.createTempDirectory("threadlab-grade-test-");
        Path priv = Files.createTempDirectory("threadlab-grade-test-");
        String out;
        try {
            sandbox.prepare(scratch, 0);
            List<String> cmd = sandbox.wrap(List.of("/bin/sh", "-c", "/usr/bin/python3 -c \"$0\"; echo done", PROBE),
                    scratch, 0, List.of(), 0, 0, priv);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
        } finally {
            Sandbox.deleteTree(scratch);
            Sandbox.deleteTree(priv);
        }
        // EPERM (1) for each: the filter said no, whatever the kernel would have allowed
        assertEquals("ptrace 1\nprocess_vm_readv 1\npidfd_getfd 1\ndone\n", out);
    }

    @Test
    void anArchitectureWithUnknownNumbersGetsNoFilterRatherThanAWrongOne() {
        assertEquals(null, Seccomp.denyProcessAccess("sparc"));
        assertEquals(8 * 11, Seccomp.denyProcessAccess("amd64").length);
    }
}
