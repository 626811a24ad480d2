package org.threadlab.kernel;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a class file so that its calls to {@code System.exit(int)} and
 * {@code Runtime.exit(int)} call {@link SystemExit} instead, which throws rather than ends the
 * JVM. The kernel applies it to every class JShell loads for a cell: snippets, and the methods,
 * lambdas and classes they declare.
 *
 * <pre>{@code
 * byte[] guarded = ExitCallRewriter.rewrite(classFile);   // classFile itself when it never exits
 * }</pre>
 *
 * <p>Rewritten: {@code invokestatic System.exit(I)V}, {@code invokevirtual Runtime.exit(I)V}, and
 * the same methods as method handles, in {@code invokedynamic} bootstrap arguments (method
 * references such as {@code System::exit} or {@code Runtime.getRuntime()::exit}) and in
 * {@code ldc}. Each replacement takes and leaves the same operand stack, so stack map frames
 * and maximums stay valid and are copied, not recomputed. Everything else is copied unchanged.
 *
 * <p>Bytecode tool: ASM, not the JDK's {@code java.lang.classfile}, which is final only from
 * JDK 24 (JEP 484) and absent from JDK 21, where the kernel must run too. ASM reads class files
 * up to the version its {@code Opcodes.V_LATEST} names (9.11.1: Java 28); on a newer JDK
 * {@link #rewrite} throws {@link IllegalArgumentException} and the ASM version must be raised
 * (a unit test compiles a class with the running JDK to catch that).
 *
 * <p>Thread-safety: stateless; any thread may call {@link #rewrite}.
 */
final class ExitCallRewriter {
    private static final String TARGET = SystemExit.class.getName().replace('.', '/');
    private static final Handle SYSTEM_EXIT = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/System", "exit", "(I)V", false);
    private static final Handle RUNTIME_EXIT = new Handle(Opcodes.H_INVOKEVIRTUAL, "java/lang/Runtime", "exit", "(I)V", false);
    private static final Handle GUARDED_SYSTEM_EXIT = new Handle(Opcodes.H_INVOKESTATIC, TARGET, "systemExit", "(I)V", false);
    private static final Handle GUARDED_RUNTIME_EXIT =
            new Handle(Opcodes.H_INVOKESTATIC, TARGET, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);

    private ExitCallRewriter() {
    }

    /**
     * The class file with its exits redirected, or {@code classFile} itself when it has none.
     *
     * @throws IllegalArgumentException when ASM cannot read the class file (a newer class file version)
     */
    static byte[] rewrite(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        Redirect redirect = new Redirect(writer);
        reader.accept(redirect, 0);
        return redirect.changed ? writer.toByteArray() : classFile;
    }

    private static final class Redirect extends ClassVisitor {
        boolean changed;

        Redirect(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                    if (!"exit".equals(name) || !"(I)V".equals(descriptor)) {
                        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    } else if (opcode == Opcodes.INVOKESTATIC && "java/lang/System".equals(owner)) {
                        changed = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, TARGET, "systemExit", "(I)V", false);
                    } else if (opcode == Opcodes.INVOKEVIRTUAL && "java/lang/Runtime".equals(owner)) {
                        changed = true; // the Runtime on the stack becomes the first argument
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, TARGET, "runtimeExit", "(Ljava/lang/Runtime;I)V", false);
                    } else {
                        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                    Object[] args = arguments.clone();
                    for (int i = 0; i < args.length; i++) {
                        args[i] = guarded(args[i]);
                    }
                    super.visitInvokeDynamicInsn(name, descriptor, bootstrap, args);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    super.visitLdcInsn(guarded(value));
                }
            };
        }

        /** A handle to an exit becomes a handle to its guard; any other constant stays. */
        private Object guarded(Object constant) {
            if (SYSTEM_EXIT.equals(constant)) {
                changed = true;
                return GUARDED_SYSTEM_EXIT;
            }
            if (RUNTIME_EXIT.equals(constant)) {
                changed = true;
                return GUARDED_RUNTIME_EXIT;
            }
            return constant;
        }
    }
}
