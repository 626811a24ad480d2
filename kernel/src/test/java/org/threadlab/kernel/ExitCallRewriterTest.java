package org.threadlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The bytecode rewrite on its own: classes compiled here by the running JDK's javac, rewritten,
 * loaded and run. (Cells calling System.exit through JShell: {@link JShellExitTest}.)
 */
class ExitCallRewriterTest {
    private static final String SOURCE = """
            import java.util.function.IntConsumer;
            import java.util.function.ObjIntConsumer;
            public class Quitter {
                public static int add(int a, int b) { return a + b; }
                public static void direct(int n) { if (n >= 0) System.exit(n); }
                public static void runtime(int n) { Runtime.getRuntime().exit(n); }
                public static void staticReference(int n) { IntConsumer f = System::exit; f.accept(n); }
                public static void boundReference(int n) { IntConsumer f = Runtime.getRuntime()::exit; f.accept(n); }
                public static void unboundReference(int n) { ObjIntConsumer<Runtime> f = Runtime::exit; f.accept(Runtime.getRuntime(), n); }
                public static void inLambda(int n) { Runnable r = () -> { for (int i = 0; i < 3; i++) { if (i == 2) System.exit(n); } }; r.run(); }
            }
            """;

    @TempDir
    Path dir;

    /** Compiles {@code source} (class {@code name}) with the running JDK's javac; its class files by binary name. */
    private Map<String, byte[]> compile(String name, String source) throws IOException {
        Path file = dir.resolve(name + ".java");
        Files.writeString(file, source);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), file.toString());
        assertEquals(0, status, "javac failed");
        Map<String, byte[]> classes = new HashMap<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String fileName = p.getFileName().toString();
                classes.put(fileName.substring(0, fileName.length() - ".class".length()), Files.readAllBytes(p));
            }
        }
        return classes;
    }

    /** Loads every class rewritten, in a loader of their own (the verifier checks them). */
    private static Class<?> loadRewritten(Map<String, byte[]> classes, String name) throws ClassNotFoundException {
        ClassLoader loader = new ClassLoader(ExitCallRewriterTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String n) throws ClassNotFoundException {
                byte[] bytes = classes.get(n);
                if (bytes == null) {
                    throw new ClassNotFoundException(n);
                }
                byte[] rewritten = ExitCallRewriter.rewrite(bytes);
                return defineClass(n, rewritten, 0, rewritten.length);
            }
        };
        return Class.forName(name, true, loader);
    }

    private static SystemExit exitOf(Class<?> quitter, String method, int status) throws Exception {
        Method m = quitter.getMethod(method, int.class);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> m.invoke(null, status),
                method + " must throw, not end the JVM");
        assertTrue(e.getCause() instanceof SystemExit, method + " threw " + e.getCause());
        return (SystemExit) e.getCause();
    }

    @Test
    void everyWayOfCallingExitThrowsSystemExitWithItsStatus() throws Exception {
        Class<?> quitter = loadRewritten(compile("Quitter", SOURCE), "Quitter");
        assertEquals("System.exit(3) called in a cell: the kernel stays alive; restart it from the Kernel menu to start afresh",
                exitOf(quitter, "direct", 3).getMessage());
        assertEquals("Runtime.exit(4) called in a cell: the kernel stays alive; restart it from the Kernel menu to start afresh",
                exitOf(quitter, "runtime", 4).getMessage());
        assertEquals(5, exitOf(quitter, "staticReference", 5).status());
        assertTrue(exitOf(quitter, "boundReference", 6).getMessage().startsWith("Runtime.exit(6) called in a cell"));
        assertTrue(exitOf(quitter, "unboundReference", 7).getMessage().startsWith("Runtime.exit(7) called in a cell"));
        assertEquals(8, exitOf(quitter, "inLambda", 8).status());
    }

    @Test
    void theRestOfTheClassBehavesAsCompiled() throws Exception {
        Class<?> quitter = loadRewritten(compile("Quitter", SOURCE), "Quitter");
        assertEquals(5, quitter.getMethod("add", int.class, int.class).invoke(null, 2, 3));
        quitter.getMethod("direct", int.class).invoke(null, -1); // the branch around the exit still works
    }

    @Test
    void noReferenceToTheRealExitsIsLeft() throws Exception {
        byte[] rewritten = ExitCallRewriter.rewrite(compile("Quitter", SOURCE).get("Quitter"));
        List<String> exits = new ArrayList<>();
        new ClassReader(rewritten).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        if (n.equals("exit") || n.endsWith("Exit")) {
                            exits.add(owner + "." + n);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bsm, Object... args) {
                        for (Object a : args) {
                            if (a instanceof Handle h && (h.getName().equals("exit") || h.getName().endsWith("Exit"))) {
                                exits.add("handle " + h.getOwner() + "." + h.getName());
                            }
                        }
                    }
                };
            }
        }, 0);
        String guard = "org/threadlab/kernel/SystemExit";
        assertEquals(List.of(guard + ".systemExit", guard + ".runtimeExit", "handle " + guard + ".systemExit",
                "handle " + guard + ".runtimeExit", "handle " + guard + ".runtimeExit", guard + ".systemExit"), exits);
    }

    @Test
    void aClassThatNeverExitsIsReturnedAsItWas() throws Exception {
        byte[] plain = compile("Plain", "public class Plain { int exit(int n) { return n; } void run() { exit(1); } }").get("Plain");
        assertSame(plain, ExitCallRewriter.rewrite(plain));
    }

    @Test
    void readsClassFilesOfTheRunningJdk() throws Exception {
        // JShell compiles cells for the JDK it runs on; an ASM too old for it fails here first
        byte[] plain = compile("Plain", "public class Plain { }").get("Plain");
        int major = ((plain[6] & 0xFF) << 8) | (plain[7] & 0xFF);
        assertEquals(Runtime.version().feature() + 44, major);
        assertSame(plain, ExitCallRewriter.rewrite(plain));
    }
}
