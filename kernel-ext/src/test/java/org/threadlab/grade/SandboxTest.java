package org.threadlab.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {
    private static final long MB_256 = 256L << 20;

    /** What {@code sh -c script} prints when run as the sandbox wraps it. */
    private static String run(Sandbox s, Path scratch, String script, long addressSpace) throws IOException, InterruptedException {
        s.prepare(scratch, 0);
        Process p = new ProcessBuilder(s.wrap(List.of("/bin/sh", "-c", script), scratch, 0, List.of(), 0, addressSpace, scratch))
                .directory(scratch.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        return out;
    }

    @Test
    void theAddressSpaceLimitIsSetFromOutsideEvenWithoutTheSandbox(@TempDir Path scratch) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prlimit")), "needs util-linux's /usr/bin/prlimit");
        assertEquals("262144 2", run(Sandbox.none(), scratch, "echo $(ulimit -v) $MALLOC_ARENA_MAX", MB_256));
        assertEquals("unlimited", run(Sandbox.none(), scratch, "ulimit -v", 0));
    }

    @Test
    void theSandboxedChildHasTheAddressSpaceLimitAndCannotRaiseIt(@TempDir Path scratch) throws Exception {
        Sandbox s;
        try {
            s = Sandbox.bubblewrap();
        } catch (IllegalArgumentException e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        assertEquals("262144 raise refused", run(s, scratch, "ulimit -v; ulimit -v 524288 2>/dev/null && echo raised || echo raise refused", MB_256)
                .replace('\n', ' '));
    }
}
