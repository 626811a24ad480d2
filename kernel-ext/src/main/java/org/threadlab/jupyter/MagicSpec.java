package org.threadlab.jupyter;

/**
 * One ThreadLab magic as the help lists it.
 *
 * @param name    the name without its {@code %} or {@code %%}
 * @param cell    whether it is a cell magic
 * @param summary one line: what it does
 * @param example a short example of use
 */
public record MagicSpec(String name, boolean cell, String summary, String example) {
    /** The magic as typed: {@code %name} or {@code %%name}. */
    public String typed() {
        return (cell ? "%%" : "%") + name;
    }
}
