package org.threadlab.grade;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many points a test is worth when graded:
 *
 * <pre>{@code
 * @Test @Points(2)
 * void sumIsRight() { assertEquals(500_500, SplitSum.sum(1, 1000, 4)); }
 * }</pre>
 *
 * <p>On a test class it sets the points of each of its tests that has no annotation of its own.
 * Tests without it share the cell's {@code --points} evenly, or are worth 1 point each.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Points {
    double value();
}
