package org.threadlab.jupyter;


/**
 * {@code --out NAME}: a magic's result bound to a notebook variable, as IPython's {@code %timeit -o}
 * returns one. The name is checked when the arguments are parsed ({@code Args.javaName}).
 */
final class OutVariable {
    private OutVariable() {
    }

    /** Declares {@code var NAME = EXPRESSION;} in the notebook; nothing when {@code name} is null. */
    static void bind(Kernel kernel, String name, String expression) {
        if (name != null) {
            kernel.evalRaw("var " + name + " = " + expression + ";");
        }
    }
}
