package org.threadlab.jupyter;

import java.util.List;

/** A {@code %%name ARGS} magic taking the rest of the cell as its body, whatever the kernel: {@link Kernel} is all it sees of it. */
public interface CellMagic {
    /**
     * @return what the cell shows: a {@link DisplayData}, another value the kernel renders, or null
     */
    Object eval(Kernel kernel, List<String> args, String body) throws Exception;
}
