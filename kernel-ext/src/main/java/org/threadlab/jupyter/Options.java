package org.threadlab.jupyter;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** Small pieces every magic's argument handling shares. */
final class Options {
    private Options() {
    }

    /**
     * Removes {@code flag VALUE} (or {@code flag=VALUE}) from {@code args} and returns VALUE, or
     * null when the flag is absent.
     */
    static String take(List<String> args, String flag, String usage) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(flag)) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(flag + " needs a value.", usage);
                }
                String value = args.get(i + 1);
                args.subList(i, i + 2).clear();
                return value;
            }
            if (a.startsWith(flag + "=")) {
                args.remove(i);
                return a.substring(flag.length() + 1);
            }
        }
        return null;
    }

    /** Declares {@code var NAME = EXPRESSION;} in the notebook, after checking NAME is a Java name. */
    static void bind(BaseKernel kernel, String name, String expression) {
        if (!isJavaName(name)) {
            throw new UsageException("--out needs a Java variable name, not '" + name + "'.", null);
        }
        kernel.evalRaw("var " + name + " = " + expression + ";");
    }

    static boolean isJavaName(String s) {
        if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
            return false;
        }
        return s.chars().allMatch(Character::isJavaIdentifierPart) && !javax.lang.model.SourceVersion.isKeyword(s);
    }

    /** JShell stops cell code by throwing {@code ThreadDeath} from woven checks. */
    static boolean isKernelStop(Throwable t) {
        return t != null && t.getClass().getName().equals("java.lang.ThreadDeath");
    }
}
