package org.threadlab.kernel;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell the one {@link StoppableExecutionControl} the kernel keeps a reference to. */
final class StoppableExecutionControlProvider implements ExecutionControlProvider {
    private final StoppableExecutionControl control;

    StoppableExecutionControlProvider(StoppableExecutionControl control) {
        this.control = control;
    }

    @Override
    public String name() {
        return "threadlab-local";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return control;
    }
}
