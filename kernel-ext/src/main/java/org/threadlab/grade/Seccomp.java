package org.threadlab.grade;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A seccomp filter (classic BPF, as {@code bwrap --seccomp FD} loads it) that denies, with
 * {@code EPERM}, the system calls one process uses to read or drive another's memory or
 * descriptors: {@code ptrace}, {@code process_vm_readv}, {@code process_vm_writev},
 * {@code pidfd_getfd} and {@code perf_event_open}. Everything else is allowed.
 *
 * <pre>{@code
 * byte[] program = Seccomp.denyProcessAccess("amd64"); // null on an architecture it does not know
 * }</pre>
 *
 * <p>Why: inside the sandbox a process the notebook starts has the grading JVM's uid, and the
 * kernel lets such a process {@code ptrace} its parent (no Yama here), read the key from the
 * JVM's memory and make it write to the result channel. System calls of another architecture
 * (i386, x32) are denied whole, so the numbers below cannot be dodged.
 */
final class Seccomp {
    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int RET_K = 0x06;
    private static final int ALLOW = 0x7fff0000;
    private static final int ERRNO_EPERM = 0x00050000 | 1;
    private static final int X32_BIT = 0x40000000;

    /** An instruction; {@code jt}/{@code jf} of -1 jump to the final deny. */
    private record Insn(int code, int jt, int jf, int k) {
    }

    private Seccomp() {
    }

    /** The filter for {@code os.arch} {@code arch}, or null when its system call numbers are not known here. */
    static byte[] denyProcessAccess(String arch) {
        int audit;
        int[] denied;
        boolean x32;
        switch (arch) {
            case "amd64", "x86_64" -> {
                audit = 0xC000003E;
                denied = new int[] {101, 310, 311, 438, 298}; // ptrace, process_vm_readv/writev, pidfd_getfd, perf_event_open
                x32 = true;
            }
            case "aarch64" -> {
                audit = 0xC00000B7;
                denied = new int[] {117, 270, 271, 438, 241};
                x32 = false;
            }
            default -> {
                return null;
            }
        }
        List<Insn> p = new ArrayList<>();
        p.add(new Insn(LD_W_ABS, 0, 0, 4)); // seccomp_data.arch
        p.add(new Insn(JEQ_K, 0, -1, audit));
        p.add(new Insn(LD_W_ABS, 0, 0, 0)); // seccomp_data.nr
        if (x32) {
            p.add(new Insn(JGE_K, -1, 0, X32_BIT));
        }
        for (int nr : denied) {
            p.add(new Insn(JEQ_K, -1, 0, nr));
        }
        p.add(new Insn(RET_K, 0, 0, ALLOW));
        int deny = p.size();
        p.add(new Insn(RET_K, 0, 0, ERRNO_EPERM));
        ByteBuffer b = ByteBuffer.allocate(8 * p.size()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < p.size(); i++) {
            Insn n = p.get(i);
            b.putShort((short) n.code())
                    .put((byte) (n.jt() < 0 ? deny - i - 1 : n.jt()))
                    .put((byte) (n.jf() < 0 ? deny - i - 1 : n.jf()))
                    .putInt(n.k());
        }
        return b.array();
    }
}
