package org.threadlab.jupyter;

import java.util.List;

/** A {@code %name ARGS} magic, whatever the kernel: {@link Kernel} is all it sees of it. */
public interface LineMagic {
    /**
     * @return what the cell shows: a {@link DisplayData}, another value the kernel renders, or null
     */
    Object eval(Kernel kernel, List<String> args) throws Exception;
}
